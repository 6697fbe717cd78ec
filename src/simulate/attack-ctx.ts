// The run-time context of one injected attack: every process it starts carries the malicious label
// (technique of that step, scenario id) and is recorded for the ground-truth sidecar.

import type { LabelInfo } from '../normalize/process-event.js';
import { adHocBinary, bin, BINARIES, type Binary } from './catalog.js';
import type { HostSim, SpawnOpts } from './host-sim.js';
import type { Account, Proc, UserModel } from './types.js';

export interface ScenarioRecord {
  index: number;
  id: string;
  template: string;
  launcher: string;
  user: UserModel;
  hostName: string;
  startMs: number;
  techniques: Set<string>;
  /**
   * (account id, process name) pairs in the order first started, keyed `id\u0000name`, with "new to that
   * account" filled in at emission. The account is the one the process ran as: a service-launched attack
   * runs as SYSTEM, not as the victim user.
   */
  processes: Map<string, boolean | undefined>;
  events: number;
}

export class AttackCtx {
  t: number;
  /** Test-runner variants: top-level steps under `wrapRoot` run through `cmd.exe /c` or `powershell.exe -Command`. */
  wrap: 'none' | 'cmd' | 'ps' = 'none';
  wrapRoot: Proc | null = null;
  readonly c2: string;

  constructor(
    readonly h: HostSim,
    readonly rec: ScenarioRecord,
    readonly user: UserModel,
    t0: number,
  ) {
    this.t = t0;
    this.c2 = `${h.rng.pick(['cdn', 'update', 'static', 'files', 'img', 'api'])}-${h.rng.alnum(6)}.${h.rng.pick(['com', 'net', 'info', 'xyz', 'top'])}`;
  }

  /** Whose token the next steps run with (the victim, or SYSTEM for a service launcher). */
  acct: Account | null = null;

  get account(): Account {
    return this.acct ?? this.user.account;
  }

  get profile(): string {
    return `C:\\Users\\${this.user.profile}`;
  }

  /** Move the clock forward by a random delay (seconds). */
  wait(loS: number, hiS: number): number {
    this.t += this.h.rng.int(loS * 1000, hiS * 1000);
    return this.t;
  }

  label(techniques: readonly string[]): LabelInfo {
    for (const x of techniques) this.rec.techniques.add(x);
    return { value: 'malicious', technique: [...techniques], scenario: this.rec.id };
  }

  run(parent: Proc, what: string | Binary, cmd: string, techniques: readonly string[], o: SpawnOpts & { account?: Account } = {}): Proc {
    const b = typeof what === 'string' ? resolveBinary(what) : what;
    if (this.wrap !== 'none' && parent === this.wrapRoot) {
      const inner = cmd.replace(/"/g, this.wrap === 'cmd' ? '"' : '\\"');
      parent = this.h.spawn(parent, this.wait(2, 30), this.wrap === 'cmd' ? 'cmd.exe' : 'powershell.exe',
        this.wrap === 'cmd' ? `"cmd.exe" /c ${inner}` : `"powershell.exe" -Command ${inner}`, o.account ?? this.account,
        { ...o, label: this.label(techniques) });
      this.note(parent);
    }
    const p = this.h.spawn(parent, this.wait(1, 40), b, cmd, o.account ?? this.account, { ...o, label: this.label(techniques) });
    this.note(p);
    return p;
  }

  note(p: Proc): void {
    p.scenarioIndex = this.rec.index;
    const key = `${p.account.ecs.id ?? ''}\u0000${p.name.toLowerCase()}`;
    if (!this.rec.processes.has(key)) this.rec.processes.set(key, undefined);
  }
}

/** A binary named by a command's first token: the catalog's entry, or an ad-hoc one where the path says. */
export function resolveBinary(token: string): Binary {
  const clean = token.replace(/^"|"$/g, '');
  const slash = clean.lastIndexOf('\\');
  let name = slash >= 0 ? clean.slice(slash + 1) : clean;
  if (!/\.[a-z0-9]{2,4}$/i.test(name)) name += '.exe';
  const known = BINARIES.get(name.toLowerCase());
  if (known && slash < 0) return known;
  if (known && slash >= 0 && clean.slice(0, slash).toLowerCase() === known.dir.toLowerCase()) return known;
  if (known) return { ...known, dir: clean.slice(0, slash) };
  return adHocBinary(name, slash >= 0 ? clean.slice(0, slash) : 'C:\\Windows\\System32');
}

export { bin };
