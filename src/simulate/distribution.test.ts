// The generator's distributions against what it was fitted on (REAL_WORKSTATION; recomputed from
// ../shared/data/train when present), and the calendar and organisation structure.

import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { CalibrationAccumulator } from './calibration.js';
import { Simulation } from './engine.js';
import { REAL_WORKSTATION } from './fitted.js';
import { realStats } from './real-data.js';

const sim = new Simulation({ users: 12, days: 14, attacks: 2, seed: 7 });
const events: ProcessEvent[] = [...sim.events()];
const workstation = events.filter((e) => !e.host.hostname?.startsWith('SRV-'));
const acc = new CalibrationAccumulator();
for (const e of workstation) acc.add(e);
const stats = acc.result();
const human = (e: ProcessEvent): boolean => (e.user.id ?? '').startsWith('S-1-5-21-');

describe('simulate: fitted distributions', () => {
  it('keeps the SYSTEM share of workstation events near the real workstation', () => {
    expect(stats.accountShares.system).toBeGreaterThan(REAL_WORKSTATION.systemShare * 0.6);
    expect(stats.accountShares.system).toBeLessThan(REAL_WORKSTATION.systemShare * 1.4);
    expect(stats.accountShares.localService).toBeGreaterThan(0.01);
    expect(stats.accountShares.networkService).toBeGreaterThan(0.01);
    expect(stats.accountShares.human).toBeGreaterThan(0.4);
  });

  it('keeps distinct processes per user-day within the fitted range', () => {
    const [lo, hi] = REAL_WORKSTATION.userDayDistinct;
    expect(stats.userDayDistinct.n).toBeGreaterThan(50);
    expect(stats.userDayDistinct.median).toBeGreaterThanOrEqual(lo);
    expect(stats.userDayDistinct.median).toBeLessThanOrEqual(hi);
    expect(stats.userDayDistinct.p10).toBeGreaterThanOrEqual(lo * 0.75);
    expect(stats.userDayDistinct.p90).toBeLessThanOrEqual(hi * 1.3);
  });

  it('keeps events per user-day within the fitted range', () => {
    const [lo, hi] = REAL_WORKSTATION.userDayEvents;
    expect(stats.userDayEvents.median).toBeGreaterThanOrEqual(lo);
    expect(stats.userDayEvents.median).toBeLessThanOrEqual(hi * 1.3);
  });

  it('shares its top process names with the real workstation', () => {
    const top = new Set(stats.topNames.slice(0, 10).map(([n]) => n));
    for (const n of ['conhost.exe', 'teams.exe', 'sensecncproxy.exe', 'mpcmdrun.exe']) expect(top.has(n), n).toBe(true);
    const conhost = stats.topNames.find(([n]) => n === 'conhost.exe')?.[1] ?? 0;
    expect(conhost).toBeGreaterThan(0.06);
    expect(conhost).toBeLessThan(0.25);
  });

  describe.skipIf(!HAS_SHARED_DATA)('against ../shared/data/train', () => {
    const real = HAS_SHARED_DATA ? realStats(sharedPath('train')) : null;
    it('reproduces the recorded facts and overlaps the real top parent→child pairs', () => {
      expect(real).not.toBeNull();
      if (!real) return;
      expect(real.workstation.accountShares.system).toBeCloseTo(REAL_WORKSTATION.systemShare, 2);
      expect([real.workstation.userDayDistinct.min, real.workstation.userDayDistinct.max]).toEqual([...REAL_WORKSTATION.userDayDistinct]);
      const gen = new Set(stats.topPairs.map(([p]) => p));
      const overlap = real.workstation.topPairs.filter(([p]) => gen.has(p)).length;
      expect(overlap).toBeGreaterThanOrEqual(6);
    });
  });
});

describe('simulate: calendar and organisation', () => {
  const dayOf = (e: ProcessEvent): number => new Date(e['@timestamp']).getUTCDay();
  it('is quieter at weekends and at night for people', () => {
    const h = workstation.filter(human);
    const weekend = h.filter((e) => [0, 6].includes(dayOf(e))).length / 4;
    const weekday = h.filter((e) => ![0, 6].includes(dayOf(e))).length / 10;
    expect(weekend).toBeLessThan(weekday * 0.15);
    const hour = (e: ProcessEvent): number => new Date(e['@timestamp']).getUTCHours();
    const office = h.filter((e) => hour(e) >= 6 && hour(e) < 20).length;
    expect(office / h.length).toBeGreaterThan(0.85);
  });

  it('builds boot and logon trees with canonical paths', () => {
    const pairs = new Set(events.map((e) => `${e.process.parent?.name}>${e.process.name}`));
    for (const p of ['smss.exe>csrss.exe', 'smss.exe>winlogon.exe', 'wininit.exe>services.exe', 'services.exe>svchost.exe', 'winlogon.exe>userinit.exe', 'userinit.exe>explorer.exe', 'svchost.exe>taskhostw.exe', 'svchost.exe>WmiPrvSE.exe']) {
      expect(pairs.has(p), p).toBe(true);
    }
    const svchost = events.filter((e) => e.process.name === 'svchost.exe' && e.label?.value === 'benign');
    expect(svchost.every((e) => e.process.executable === 'C:\\Windows\\System32\\svchost.exe' && e.process.parent?.name === 'services.exe')).toBe(true);
  });

  it('runs SYSTEM, LOCAL SERVICE and NETWORK SERVICE on every host', () => {
    for (const h of sim.org.hosts) {
      if (h.firstDay >= sim.org.days) continue;
      const ids = new Set(events.filter((e) => e.host.name === h.ecs.name).map((e) => e.user.id));
      for (const sid of ['S-1-5-18', 'S-1-5-19', 'S-1-5-20']) expect(ids.has(sid), `${h.ecs.hostname} ${sid}`).toBe(true);
    }
  });

  it('includes benign-but-rare activity: admin tools, a rollout to every workstation, a new starter', () => {
    const admins = new Set(sim.org.users.filter((u) => u.role === 'admin').map((u) => u.account.ecs.name));
    const adminTools = events.filter((e) => e.label?.scenario === 'benign-admin-tools' && human(e));
    expect(adminTools.length).toBeGreaterThan(5);
    expect(adminTools.every((e) => admins.has(e.user.name ?? ''))).toBe(true);
    expect(adminTools.some((e) => ['net.exe', 'sc.exe', 'reg.exe', 'wmic.exe', 'schtasks.exe', 'mmc.exe'].includes(e.process.name ?? ''))).toBe(true);
    const rolloutHosts = new Set(events.filter((e) => e.label?.scenario === 'benign-rollout').map((e) => e.host.hostname));
    const ws = sim.org.hosts.filter((h) => h.kind !== 'server' && h.firstDay <= sim.org.rolloutDay && h.users.length);
    expect(sim.org.rolloutDay).toBeGreaterThan(0);
    expect(rolloutHosts.size).toBeGreaterThanOrEqual(ws.filter((h) => h.kind === 'desktop').length);
    const starter = sim.org.users.find((u) => u.startDay > 0);
    expect(starter).toBeDefined();
    if (starter) {
      const mine = events.filter((e) => e.user.id === starter.account.ecs.id);
      expect(mine.length).toBeGreaterThan(0);
      const firstDay = new Date(sim.org.startMs + starter.startDay * 86_400_000).toISOString().slice(0, 10);
      expect(mine[0]['@timestamp'].slice(0, 10)).toBe(firstDay);
      expect(mine.some((e) => e.label?.scenario === 'benign-first-day')).toBe(true);
    }
  });
});
