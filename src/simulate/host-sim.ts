// One host at run time: its running long-lived processes (the parents of later children), the
// logged-on session, and `spawn`, which creates a process and hands it to the engine's time queue.

import type { LabelInfo } from '../normalize/process-event.js';
import { S32, bin, type Binary } from './catalog.js';
import { Prng } from './prng.js';
import { SimProc } from './proc.js';
import { wellKnown } from './org.js';
import type { Account, HostModel, Integrity, Organisation, Proc, UserModel } from './types.js';

export const BENIGN: LabelInfo = Object.freeze({ value: 'benign' }) as LabelInfo;
export const DWM = wellKnown('DWM-1', 'Window Manager', 'S-1-5-90-0-1', 'window-manager');
export const UMFD0 = wellKnown('UMFD-0', 'Font Driver Host', 'S-1-5-96-0-0', 'font-driver');
export const UMFD1 = wellKnown('UMFD-1', 'Font Driver Host', 'S-1-5-96-0-1', 'font-driver');

const exePaths = new WeakMap<Binary, Map<string, string>>();
/** Paths of binaries installed in one place for everyone. */
const staticExes = new WeakMap<Binary, string>();
const userCwds = new WeakMap<UserModel, string>();
const SYSTEM_CWD = `${S32}\\`;

export interface SpawnOpts {
  exe?: string;
  name?: string;
  integrity?: Integrity;
  elevated?: boolean;
  cwd?: string;
  noConhost?: boolean;
  label?: LabelInfo;
}

/** An interactive logon: explorer and the apps the user keeps open, which later children hang off. */
export interface Session {
  user: UserModel;
  explorer: Proc;
  apps: Map<string, Proc>;
  firstDay: boolean;
}

export interface DayPlan {
  /** Intervals (ms) the machine is awake. */
  awake: Array<[number, number]>;
  /** The user is at the keyboard during this interval (ms), minus lunch. */
  work: [number, number] | null;
  lunch: [number, number] | null;
  /** One-off actions at fixed times, in time order. */
  fixed: Array<{ t: number; run: (t: number) => void }>;
  fixedNext: number;
}

export class HostSim {
  readonly rng: Prng;
  label: LabelInfo = BENIGN;
  kernel: Proc;
  readonly sys = new Map<string, Proc>();
  session: Session | null = null;
  booted = false;
  /** Nothing may start before this time: the engine has already written events up to here. */
  floor = 0;
  plan: DayPlan = { awake: [], work: null, lunch: null, fixed: [], fixedNext: 0 };
  /** The next user-interactive action gets this user; servers and spare machines have none. */
  readonly primary: UserModel | null;

  constructor(
    readonly org: Organisation,
    readonly host: HostModel,
    private readonly sink: (p: SimProc) => void,
  ) {
    this.rng = new Prng(org.seed, `host:${host.index}`);
    this.primary = host.users[0] ?? null;
    this.kernel = this.makeKernel(0);
  }

  private makeKernel(t: number): Proc {
    const b: Binary = { key: 'system', name: 'System', dir: '', originalFileName: 'System', signer: '', console: false };
    // Entity id `{prefix-0000-0000-0000-000000000004}`.
    return new SimProc(this.host, b, 'System', 'System', '', 4, 0, 0, 4, this.org.system, 'System', 'default', '', null, t, BENIGN);
  }

  resetForBoot(t: number): void {
    this.kernel = this.makeKernel(t - 1);
    this.sys.clear();
    this.session = null;
    this.booted = true;
  }

  profileDir(u: UserModel): string {
    return `C:\\Users\\${u.profile}`;
  }

  exeOf(b: Binary, u: UserModel | null): string {
    // Memoised so that equal paths are one string: the serializer's caches then hash each path once.
    let exe = staticExes.get(b);
    if (exe !== undefined) return exe;
    if (!b.dir.includes('{user}')) {
      exe = `${b.dir}\\${b.name}`;
      staticExes.set(b, exe);
      return exe;
    }
    let byProfile = exePaths.get(b);
    if (!byProfile) exePaths.set(b, (byProfile = new Map()));
    const profile = u ? u.profile : 'Default';
    exe = byProfile.get(profile);
    if (exe === undefined) {
      exe = `${b.dir.replace('{user}', profile)}\\${b.name}`;
      if (byProfile.size > 4096) byProfile.clear();
      byProfile.set(profile, exe);
    }
    return exe;
  }

  private userCwd(u: UserModel): string {
    let cwd = userCwds.get(u);
    if (cwd === undefined) userCwds.set(u, (cwd = this.profileDir(u) + '\\'));
    return cwd;
  }

  spawn(parent: Proc | null, t: number, key: string | Binary, cmd: string, account: Account, o: SpawnOpts = {}): Proc {
    const b = typeof key === 'string' ? bin(key) : key;
    const par = parent ?? this.kernel;
    const at = Math.max(Math.round(t), par.t + 1, this.floor);
    const user = account.kind === 'user' ? this.userOf(account) : null;
    const exe = o.exe ?? this.exeOf(b, user);
    const sys = account.kind !== 'user' && account.kind !== 'service';
    const integrity: Integrity = o.integrity ?? (sys ? 'System' : o.elevated ? 'High' : 'Medium');
    const pid = this.rng.int(25, 6000) * 4;
    // The entity id's words, drawn as rng.hex(24).toUpperCase() would draw them.
    const r = this.rng;
    const x0 = r.u32();
    const x1 = r.u32();
    const x2 = r.u32();
    const p = new SimProc(this.host, b, o.name ?? b.name, exe, cmd, pid, x0, x1, x2, account, integrity,
      sys ? 'default' : integrity === 'High' ? 'full' : 'limited', o.cwd ?? (user ? this.userCwd(user) : SYSTEM_CWD), par, at, o.label ?? this.label);
    par.kids = true;
    this.sink(p);
    if (b.console && !o.noConhost) {
      this.spawn(p, at + this.rng.int(1, 25), 'conhost.exe', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', account, {
        integrity: p.integrity, cwd: p.cwd,
        // The console host an attack step brings along is part of the attack, marked as a side effect.
        label: p.label.value === 'malicious' ? { ...p.label, method: 'console-host-of-attack-step' } : p.label,
      });
    }
    return p;
  }

  private userOf(a: Account): UserModel | null {
    for (const u of this.host.users) if (u.account === a) return u;
    return this.session && this.session.user.account === a ? this.session.user : null;
  }

  svchost(group: string): Proc {
    const p = this.sys.get(`svc:${group}`) ?? this.sys.get('svc:DcomLaunch');
    if (!p) throw new Error('simulate: svchost requested before boot');
    return p;
  }

  /** A long-lived system process started at boot. */
  need(key: string): Proc {
    const p = this.sys.get(key);
    if (!p) throw new Error(`simulate: ${key} requested before boot`);
    return p;
  }

  /** A running app of the session, started (as a child of `parent`) when first needed. */
  app(key: string, t: number, start: (t: number) => Proc): Proc {
    const s = this.session;
    if (!s) throw new Error('simulate: app without session');
    let p = s.apps.get(key);
    if (!p) {
      p = start(t);
      s.apps.set(key, p);
    }
    return p;
  }
}
