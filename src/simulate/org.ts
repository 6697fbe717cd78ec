// The organisation: people with roles, their machines, servers, calendar (weekends, holidays,
// time off, new starters) and the day a package is rolled out everywhere.

import type { Account, HostKind, HostModel, Organisation, Role, ServerRole, SimulateOptions, UserModel } from './types.js';
import { Prng, hash32 } from './prng.js';

const FIRST = ['alex', 'maria', 'james', 'sofia', 'liam', 'emma', 'noah', 'olivia', 'lucas', 'mia', 'ethan', 'ava', 'mateo', 'isla',
  'daniel', 'chloe', 'samuel', 'grace', 'david', 'zoe', 'omar', 'leila', 'ivan', 'nina', 'kenji', 'yuki', 'arjun', 'priya', 'tomas',
  'elena', 'felix', 'hannah', 'oscar', 'julia', 'victor', 'clara', 'hugo', 'amara', 'ravi', 'lena', 'paul', 'sara', 'marco', 'ines'];
const LAST = ['smith', 'garcia', 'muller', 'rossi', 'novak', 'kowalski', 'jensen', 'silva', 'nguyen', 'kim', 'tanaka', 'patel', 'singh',
  'okafor', 'mensah', 'dubois', 'martin', 'lopez', 'fischer', 'weber', 'bauer', 'costa', 'santos', 'ahmed', 'hassan', 'berg', 'larsen',
  'nielsen', 'horvat', 'popescu', 'ivanova', 'petrov', 'moreau', 'laurent', 'romero', 'ortiz', 'walsh', 'byrne', 'kelly', 'murphy',
  'evans', 'hughes', 'baker', 'turner', 'morgan', 'cooper', 'reed', 'ward', 'brooks', 'price', 'bennett', 'gray', 'james', 'watson'];
const DOMAINS = ['CORP', 'ACMECO', 'NORTHWIND', 'BLUEHARBOR', 'GREENFIELD', 'HALCYON'];
const OS_WORKSTATION = { type: 'windows', family: 'windows', name: 'Windows 10 Enterprise', platform: 'windows', version: '10.0.19045' };
const OS_SERVER = { type: 'windows', family: 'windows', name: 'Windows Server 2019 Datacenter', platform: 'windows', version: '10.0.17763' };
const SERVER_ROLES: ServerRole[] = ['dc', 'file', 'sql', 'web'];
const DAY_MS = 86_400_000;
export const DEFAULT_START = '2025-03-03T00:00:00.000Z';

export function wellKnown(name: string, domain: string, id: string, kind: Account['kind']): Account {
  return { kind, ecs: { name, domain, id } };
}

/** Day index → weekday (0 = Sunday … 6 = Saturday). */
export function weekday(org: Pick<Organisation, 'startMs'>, day: number): number {
  return new Date(org.startMs + day * DAY_MS).getUTCDay();
}

export function isWorkday(org: Organisation, day: number): boolean {
  const wd = weekday(org, day);
  return wd !== 0 && wd !== 6 && !org.holidays.has(day);
}

export function userWorks(org: Organisation, u: UserModel, day: number): boolean {
  return day >= u.startDay && isWorkday(org, day) && !u.offDays.has(day);
}

function holidaysOf(startMs: number, days: number, rng: Prng): Set<number> {
  const fixed = new Set(['01-01', '05-01', '12-24', '12-25', '12-26', '12-31']);
  const out = new Set<number>();
  const weekdays: number[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(startMs + d * DAY_MS);
    if (fixed.has(date.toISOString().slice(5, 10))) out.add(d);
    const wd = date.getUTCDay();
    if (wd !== 0 && wd !== 6) weekdays.push(d);
  }
  // One company-wide day off (a bank holiday, a bridge day) per month of simulated time.
  for (let m = 0; m < Math.floor(days / 28); m++) {
    const cands = weekdays.filter((d) => d >= m * 28 + 3 && d < (m + 1) * 28);
    if (cands.length) out.add(rng.pick(cands));
  }
  return out;
}

function pickRole(rng: Prng, i: number): Role {
  if (i === 0) return 'admin';
  if (i === 1) return 'developer';
  const x = rng.next();
  return x < 0.06 ? 'admin' : x < 0.22 ? 'developer' : 'office';
}

export function buildOrganisation(opts: SimulateOptions): Organisation {
  const seed = typeof opts.seed === 'string' ? hash32(opts.seed) : (opts.seed ?? 1) >>> 0;
  const rng = new Prng(seed, 'org');
  const startMs = Date.parse(opts.start ?? DEFAULT_START);
  const days = opts.days;
  const domain = rng.pick(DOMAINS);
  const domainSid = `S-1-5-21-${rng.int(1_000_000_000, 4_000_000_000)}-${rng.int(1_000_000_000, 4_000_000_000)}-${rng.int(1_000_000_000, 4_000_000_000)}`;
  const holidays = holidaysOf(startMs, days, rng);
  const org: Organisation = {
    seed, startMs, days, domain, domainSid, users: [], hosts: [], holidays, rolloutDay: -1,
    system: wellKnown('SYSTEM', 'NT AUTHORITY', 'S-1-5-18', 'system'),
    localService: wellKnown('LOCAL SERVICE', 'NT AUTHORITY', 'S-1-5-19', 'local-service'),
    networkService: wellKnown('NETWORK SERVICE', 'NT AUTHORITY', 'S-1-5-20', 'network-service'),
  };
  const nUsers = Math.max(1, Math.floor(opts.users));
  const nServers = nUsers < 5 ? 0 : Math.max(2, Math.round(nUsers / 20));
  const nWorkstations = Math.max(1, (opts.hosts ?? nUsers + nServers) - nServers);
  const dns = `${domain.toLowerCase()}.local`;
  const mkHost = (kind: HostKind, name: string, serverRole?: ServerRole): HostModel => {
    const h: HostModel = {
      index: org.hosts.length, kind, serverRole, users: [], serviceAccounts: [], guidPrefix: rng.hex(8).toUpperCase(), firstDay: 0,
      ecs: { name: `${name}.${dns}`, hostname: name, id: rng.guid().toLowerCase(), os: kind === 'server' ? OS_SERVER : OS_WORKSTATION },
    };
    org.hosts.push(h);
    return h;
  };
  for (let i = 0; i < nWorkstations; i++) {
    const laptop = rng.chance(0.7);
    mkHost(laptop ? 'laptop' : 'desktop', `${laptop ? 'LT' : 'WS'}-${String(i + 1).padStart(5, '0')}`);
  }
  const roleCount = new Map<ServerRole, number>();
  for (let i = 0; i < nServers; i++) {
    const role = SERVER_ROLES[i % SERVER_ROLES.length];
    const n = (roleCount.get(role) ?? 0) + 1;
    roleCount.set(role, n);
    const h = mkHost('server', `SRV-${role.toUpperCase()}${String(n).padStart(2, '0')}`, role);
    if (role === 'sql') h.serviceAccounts.push(wellKnown('svc_sql', domain, `${domainSid}-${1000 + 50 + i}`, 'service'));
    if (role === 'web') h.serviceAccounts.push(wellKnown('DefaultAppPool', 'IIS APPPOOL', `S-1-5-82-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}`, 'service'));
    if (role === 'file') h.serviceAccounts.push(wellKnown('svc_backup', domain, `${domainSid}-${1000 + 50 + i}`, 'service'));
  }
  const usedNames = new Set<string>();
  const dotted = rng.chance(0.5);
  const weekdaysList: number[] = [];
  for (let d = 0; d < days; d++) if (isWorkday(org, d)) weekdaysList.push(d);
  const nNew = nUsers >= 5 && days >= 3 ? Math.max(1, Math.round(nUsers * 0.02)) : 0;
  for (let i = 0; i < nUsers; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    let name = dotted ? `${first}.${last}` : `${first[0]}${last}`;
    for (let k = 2; usedNames.has(name); k++) name = dotted ? `${first}.${last}${k}` : `${first[0]}${last}${k}`;
    usedNames.add(name);
    const host = org.hosts[i % nWorkstations];
    const role = pickRole(rng, i);
    const offDays = new Set<number>();
    if (rng.chance(0.15) && weekdaysList.length > 6) {
      const from = rng.int(0, weekdaysList.length - 5);
      const len = rng.int(3, 5);
      for (let k = 0; k < len; k++) offDays.add(weekdaysList[from + k]);
    }
    for (const d of weekdaysList) if (rng.chance(0.02)) offDays.add(d);
    const u: UserModel = {
      index: i, role, profile: name, host,
      account: wellKnown(name, domain, `${domainSid}-${1104 + i}`, 'user'),
      browser: role === 'developer' ? (rng.chance(0.6) ? 'chrome' : 'msedge') : rng.chance(0.35) ? 'chrome' : 'msedge',
      adobe: rng.chance(role === 'office' ? 0.7 : 0.3), zoom: rng.chance(0.3),
      startDay: 0, offDays,
      arrival: Math.min(11, Math.max(6.5, rng.normal(role === 'developer' ? 9.3 : 8.4, 0.6))),
    };
    host.users.push(u);
    org.users.push(u);
  }
  // New starters: the last few users join on a workday during the period, on a laptop that is new too.
  const lateDays = weekdaysList.filter((d) => d >= 1 && d < days - 1);
  for (let k = 0; k < nNew && lateDays.length; k++) {
    const u = org.users[nUsers - 1 - k];
    if (u.index < 2) break;
    u.startDay = rng.pick(lateDays);
    if (u.host.users.length === 1) u.host.firstDay = u.startDay;
  }
  if (days >= 3) {
    const mid = weekdaysList.filter((d) => d >= Math.floor(days / 3) && d < days - 1);
    if (mid.length) org.rolloutDay = rng.pick(mid);
  }
  return org;
}
