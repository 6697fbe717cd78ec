// The simulation loop: day by day, 15-minute slice by slice, every host adds its process starts to one
// time heap; everything before the slice end is written out in time order. Memory holds the hosts'
// running processes and about one slice of pending events, never the output.

import type { ProcessEvent } from '../normalize/process-event.js';
import type { ScenarioRecord } from './attack-ctx.js';
import { planAttacks, type PlannedAttack } from './attacks.js';
import { loadCorpus, type CorpusCommand } from './corpus.js';
import { DAY_MS, planDay, runSlice } from './day-plan.js';
import { NdjsonChunker } from './event-bytes.js';
import { serializeEvent, toEvent } from './event.js';
import { TimeHeap } from './heap.js';
import { HostSim } from './host-sim.js';
import { buildOrganisation } from './org.js';
import type { SimProc } from './proc.js';
import type { HostModel, Organisation, Proc, SimulateOptions } from './types.js';

export const SLICE_MS = 15 * 60_000;

export interface ScenarioProcess {
  name: string;
  /** The account the process ran as (the victim user, or SYSTEM / NETWORK SERVICE for service and WMI launches). */
  user: string;
  /** That account had never run a process of this name (benign history) before this scenario ran it. */
  new_to_user: boolean;
}

export interface ScenarioTruth {
  id: string;
  template: string;
  launcher: string;
  user: string;
  user_id: string;
  host: string;
  start: string;
  techniques: string[];
  events: number;
  processes: ScenarioProcess[];
}

export interface SimulationCounts {
  events: number;
  malicious: number;
  days: number;
  /** Most process starts ever waiting in the time heap: what memory holds besides the hosts' state. */
  peakPending: number;
}

export class Simulation {
  readonly org: Organisation;
  readonly attacks: PlannedAttack[];
  readonly corpusSkipped: number;
  readonly counts: SimulationCounts = { events: 0, malicious: 0, days: 0, peakPending: 0 };
  private readonly heap = new TimeHeap<SimProc>();
  private seq = 0;
  private readonly hosts: HostSim[];
  /** Benign process names seen per account an attack can run as (the victims and the built-in service accounts). */
  private readonly seen = new Map<string, Set<string>>();
  /** Account id → name, for the ground truth's `processes[].user`. */
  private readonly accountNames = new Map<string, string>();

  constructor(readonly opts: SimulateOptions) {
    if (!Number.isInteger(opts.users) || opts.users < 1) throw new RangeError('users must be a positive integer');
    if (!Number.isInteger(opts.days) || opts.days < 1) throw new RangeError('days must be a positive integer');
    if (opts.start !== undefined && Number.isNaN(Date.parse(opts.start))) throw new RangeError(`start is not an ISO date: ${opts.start}`);
    this.org = buildOrganisation(opts);
    let corpus: CorpusCommand[] = [];
    let skipped = 0;
    if (opts.corpus?.length) {
      const c = loadCorpus(opts.corpus);
      corpus = c.commands;
      skipped = c.skipped;
    }
    this.corpusSkipped = skipped;
    const k = opts.attacks ?? Math.max(1, Math.round(opts.users / 200));
    this.attacks = planAttacks(this.org, k, corpus);
    for (const acct of [...this.attacks.map((a) => a.rec.user.account), this.org.system, this.org.localService, this.org.networkService]) {
      this.seen.set(acct.ecs.id ?? '', new Set());
      this.accountNames.set(acct.ecs.id ?? '', acct.ecs.name ?? '');
    }
    this.hosts = this.org.hosts.map(
      (host) => new HostSim(this.org, host, (p) => {
        p.seq = this.seq++;
        this.heap.push(p);
      }),
    );
  }

  /** Events in time order. Sub-objects (host, user, parent) are shared between events: copy before mutating. */
  *events(): Generator<ProcessEvent> {
    for (const t1 of this.slices()) while (this.heap.peekTime() < t1) {
      const p = this.emit();
      yield toEvent(p, p.host);
    }
  }

  /** The same events as NDJSON lines (no newline), byte-identical to JSON.stringify of events(). */
  *lines(): Generator<string> {
    for (const t1 of this.slices()) while (this.heap.peekTime() < t1) {
      const p = this.emit();
      yield serializeEvent(p, p.host);
    }
  }

  /** The same NDJSON as UTF-8 chunks of about `size` bytes, lines whole: the fast path of the writers. */
  *chunks(size?: number): Generator<Buffer> {
    const w = new NdjsonChunker(size);
    for (const t1 of this.slices()) while (this.heap.peekTime() < t1) {
      const p = this.emit();
      const full = w.add(p, p.host);
      if (full) yield full;
    }
    const last = w.take();
    if (last) yield last;
  }

  /**
   * Runs the hosts slice by slice; after each slice, yields the time before which every queued start
   * can go out (the caller drains the queue up to it), and Infinity at the end.
   */
  private *slices(): Generator<number> {
    const byHost = new Map<HostModel, PlannedAttack[]>();
    for (const a of this.attacks) {
      const list = byHost.get(a.rec.user.host) ?? [];
      list.push(a);
      byHost.set(a.rec.user.host, list);
    }
    const none: PlannedAttack[] = [];
    for (let day = 0; day < this.org.days; day++) {
      const d0 = this.org.startMs + day * DAY_MS;
      for (const h of this.hosts) planDay(h, day, byHost.get(h.host) ?? none);
      for (let t0 = d0; t0 < d0 + DAY_MS; t0 += SLICE_MS) {
        const t1 = t0 + SLICE_MS;
        for (const h of this.hosts) runSlice(h, t0, t1);
        if (this.heap.size > this.counts.peakPending) this.counts.peakPending = this.heap.size;
        yield t1;
      }
      this.counts.days = day + 1;
    }
    yield Infinity;
  }

  private emit(): SimProc {
    const p = this.heap.pop() as SimProc;
    const kind = eventKind(p);
    if (kind === 0) {
      // Only the accounts the ground truth follows need the (lower-cased) name of a benign process.
      const seen = this.seen.get(p.account.ecs.id ?? '');
      this.counts.events++;
      if (seen !== undefined) seen.add(p.name.toLowerCase());
    } else this.tally(kind, p.account.ecs.id ?? '', p.name.toLowerCase());
    return p;
  }

  /** Account ids whose benign process names the ground truth needs (the victims'). */
  victimIds(): string[] {
    return [...this.seen.keys()];
  }

  /**
   * Counts one emitted event, in output order: `kind` from eventKind(); `name` (lower case) and `uid`
   * matter only for scenario events and the victims' benign events. Public for the worker-thread writer.
   */
  tally(kind: number, uid: string, name: string): void {
    this.counts.events++;
    if (kind >= 2) {
      this.counts.malicious++;
      const rec = this.attacks[kind - 2].rec;
      rec.events++;
      const key = `${uid}\u0000${name}`;
      if (rec.processes.get(key) === undefined) rec.processes.set(key, !(this.seen.get(uid)?.has(name) ?? false));
    } else if (kind === 1) {
      this.counts.malicious++;
    } else this.seen.get(uid)?.add(name);
  }

  /** Ground truth of the injected scenarios; "new to the user" is final once events() has finished. */
  scenarios(): ScenarioTruth[] {
    return this.attacks.map((a) => truthOf(a.rec, this.accountNames));
  }
}

/** 0 benign, 1 malicious outside a scenario (an attack step's console host), 2 + index: a scenario's process. */
export function eventKind(p: Proc): number {
  if (p.scenarioIndex !== undefined) return 2 + p.scenarioIndex;
  return p.label.value === 'malicious' ? 1 : 0;
}

function truthOf(rec: ScenarioRecord, names: ReadonlyMap<string, string>): ScenarioTruth {
  return {
    id: rec.id,
    template: rec.template,
    launcher: rec.launcher,
    user: rec.user.account.ecs.name ?? '',
    user_id: rec.user.account.ecs.id ?? '',
    host: rec.hostName,
    start: rec.startMs ? new Date(rec.startMs).toISOString() : '',
    techniques: [...rec.techniques].sort(),
    events: rec.events,
    processes: [...rec.processes].map(([key, isNew]) => {
      const [uid, name] = key.split('\u0000');
      return { name, user: names.get(uid) ?? uid, new_to_user: isNew === true };
    }),
  };
}
