// Rarity benchmark: events/s into the rare-by-user job with Elastic's semantics (the counting path, and end to
// end with bucket closes and scoring); the same for all six default jobs (oddspawn flavour, as `hunt` runs
// them) over the same events and over a hunt-like mix (3 % flagged); heap for 100 000 users × 50 processes.
// Writes bench/results/rarity.json.
//
// Run alone: `npm run build && node dist/bench/rarity.js` (records the result), or through bench/run.ts.
// Events are what `hunt` hands the rarity stage: LazyScoredEvents (scores, the projected fields the jobs read —
// each repeated string value one shared object with its process-global id, as hunt's main thread keeps them —, the document as JSON text), built outside the timed code in batches of 1 000 as the worker threads send
// them, pushed one by one with the records drained after every event. Rates are per CPU-second of this process
// (the one-core figure, steadier than wall time on a shared machine), after a warm-up run on another runner;
// `median_bucket_*` and `best_bucket_*` show how steady the buckets were.

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { ScoredEvent } from '../src/classify/types.js';
import { LazyScoredEvent } from '../src/hunt/lazy-scored.js';
import { compileIdsMaker, processStringIds } from '../src/hunt/string-ids.js';
import { jobFieldPaths } from '../src/rarity/field-paths.js';
import { compileProjection } from '../src/rarity/fields.js';
import type { JobConfig } from '../src/rarity/job-config.js';
import { builtinJobs } from '../src/rarity/load-jobs.js';
import { createJobRunner } from '../src/rarity/runner.js';
import { BUCKET, T0, rng, scoredEvent } from '../src/rarity/testing.js';
import { openDb } from '../src/store/db.js';
import { record } from './common.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** JS heap plus ArrayBuffer backing stores (typed arrays live outside the V8 heap). */
function heapMb(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

export const USER_JOB = builtinJobs('elastic').find((j) => j.job_id === 'problem_child_rare_process_by_user')!;
const DEFAULT_JOBS = builtinJobs();

interface Timing {
  events: number;
  cpu_seconds: number;
  wall_seconds: number;
  /** Events per CPU-second of this process: the one-core rate, robust to other load on the machine. */
  events_per_cpu_s: number;
  events_per_wall_s: number;
}

/** Times `body` over `n` events by CPU time (user + system) and wall time. */
function timed(n: number, body: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  body();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  return { events: n, cpu_seconds: round(cpu), wall_seconds: round(wall), events_per_cpu_s: Math.round(n / cpu), events_per_wall_s: Math.round(n / wall) };
}

/** Microseconds, the resolution of process.cpuUsage() (a bucket's time is the sum of many batches'). */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function sum(ts: Timing[]): Timing {
  const events = ts.reduce((a, t) => a + t.events, 0);
  const cpu = ts.reduce((a, t) => a + t.cpu_seconds, 0);
  const wall = ts.reduce((a, t) => a + t.wall_seconds, 0);
  return { events, cpu_seconds: round(cpu), wall_seconds: round(wall), events_per_cpu_s: Math.round(events / cpu), events_per_wall_s: Math.round(events / wall) };
}

/** Events per batch, as a hunt worker thread posts them to the main thread. */
const BATCH = 1000;

/**
 * Hunt's main thread's part (src/hunt/scored-line.ts ScoredLineReader.define/read): each repeated projected
 * string ≤ 256 characters gets its process-global id and travels as the one string object kept for that id, and
 * the event carries its projected ids — the same helpers, so the bench cannot drift from the product. (Hunt's
 * workers number at most 4,096 new values per field each; values past that arrive without an id and are found
 * by name. The bench gives every short value its id, as a hunt with fewer distinct values per field would.)
 */
class SharedStrings {
  private readonly make: (ids: Int32Array) => Record<string, number>;
  private readonly ids: Int32Array;

  constructor(private readonly paths: readonly string[]) {
    this.make = compileIdsMaker(paths);
    this.ids = new Int32Array(paths.length);
  }

  share(p: Record<string, unknown>): Record<string, number> {
    const { paths, ids } = this;
    for (let i = 0; i < paths.length; i++) {
      const v = p[paths[i]];
      const id = typeof v === 'string' ? processStringIds.idOf(v) : -1;
      if (id >= 0) p[paths[i]] = processStringIds.stringOf(id);
      ids[i] = id;
    }
    return this.make(ids);
  }
}

/**
 * Fresh events in stream order, as hunt's main thread gets them from a worker (allocated just before use).
 * With `flag`, only events it accepts stay flagged (prediction 1); its own generator leaves the events unchanged.
 * With `shared`, repeated projected strings are one object each (as hunt feeds them), else freshly made strings.
 */
function chunk(
  users: number, size: number, r: () => number, timeMs: (i: number) => number, project: (doc: unknown) => Record<string, unknown>,
  flag?: () => boolean, shared?: SharedStrings,
): ScoredEvent[] {
  const out: ScoredEvent[] = [];
  for (let i = 0; i < size; i++) {
    const u = Math.floor(r() * users);
    // Each user draws from its own 20-process routine over a skewed catalogue.
    const p = (u * 7 + Math.floor(20 * r() * r())) % 2000;
    const e = scoredEvent({ timeMs: timeMs(i), user: `user${u}`, process: `proc${p}.exe`, host: `host${u % 5000}`, line: i });
    if (flag && !flag()) e.problemchild.prediction = 0;
    const projected = project(e.event);
    const ids = shared?.share(projected);
    out.push(new LazyScoredEvent(e.timeMs, e.shape, e.origin, e.problemchild, e.classifier, projected, JSON.stringify(e.event), 'event', ids));
  }
  return out;
}

interface Run {
  counting_path: Timing & { median_bucket_events_per_cpu_s: number; best_bucket_events_per_cpu_s: number };
  end_to_end: Timing & { buckets: number; records: number };
}

/**
 * `jobs` over `buckets` consecutive 15 m buckets of `perBucket` fresh events from 10 000 users; records are
 * drained after every event as the pipeline does. Counting path = CPU of push() and the drains minus the CPU
 * spent closing buckets (sampling, scoring, normalising, building records). `strings`: 'shared' gives repeated
 * projected values as one object each with their ids, as hunt does; 'fresh' a new string per event and no ids (hunt before it shared them: the rarity jobs find entities by name).
 */
export function jobsRun(
  jobs: readonly JobConfig[], perBucket: number, buckets: number, flaggedShare = 1, strings: 'shared' | 'fresh' = 'shared', windows?: TimedWindow[],
): Run {
  const runner = createJobRunner(jobs, { timeCloses: true });
  const paths = jobFieldPaths(runner.jobs.map((j) => j.job.config));
  const project = compileProjection(paths);
  const closeMicros = (): number => runner.jobs.reduce((a, j) => a + j.closeCpuMicros, 0);
  const r = rng(2);
  const rf = rng(5);
  const flag = flaggedShare < 1 ? () => rf() < flaggedShare : undefined;
  const shared = strings === 'shared' ? new SharedStrings(paths) : undefined;
  let records = 0;
  const parts: Timing[] = [];
  const rates: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const base = T0 + b * BUCKET;
    const close0 = closeMicros();
    const batches: Timing[] = [];
    for (let from = 0; from < perBucket; from += BATCH) {
      const n = Math.min(BATCH, perBucket - from);
      const evs = chunk(10_000, n, r, (i) => base + Math.floor(((from + i) / perBucket) * 890) * 1000, project, flag, shared);
      const w0 = performance.now();
      const c0 = closeMicros();
      batches.push(timed(n, () => {
        for (const e of evs) {
          runner.push(e);
          records += runner.drainRecords().length;
          runner.drainRenormalized();
        }
      }));
      // Batches in which a bucket closed are left out of the GC account: the counting figures exclude closes.
      if (closeMicros() === c0) windows?.push({ bucket: b, from: w0, to: performance.now() });
    }
    const part = sum(batches);
    parts.push(part);
    const counting = part.cpu_seconds - (closeMicros() - close0) / 1e6;
    if (counting > 0) rates.push(perBucket / counting);
  }
  parts.push(timed(0, () => {
    runner.flush();
    records += runner.drainRecords().length;
  }));
  const total = sum(parts);
  const closeCpu = closeMicros() / 1e6;
  const countCpu = total.cpu_seconds - closeCpu;
  const countWall = total.wall_seconds * (countCpu / total.cpu_seconds);
  rates.sort((a, b) => a - b);
  return {
    counting_path: {
      events: total.events,
      cpu_seconds: round(countCpu),
      wall_seconds: round(countWall),
      events_per_cpu_s: Math.round(total.events / countCpu),
      events_per_wall_s: Math.round(total.events / countWall),
      median_bucket_events_per_cpu_s: Math.round(rates[rates.length >> 1] ?? 0),
      best_bucket_events_per_cpu_s: Math.round(rates[rates.length - 1] ?? 0),
    },
    end_to_end: { ...total, buckets, records },
  };
}

/** A timed batch of jobsRun in which no bucket closed, on the performance.now() clock. */
interface TimedWindow {
  bucket: number;
  from: number;
  to: number;
}

interface GcPause {
  start: number;
  ms: number;
  kind: number;
}

/**
 * Collects the main thread's GC pauses (PerformanceObserver 'gc' entries) while `body` runs; they are delivered
 * once the synchronous run has ended.
 */
async function withGcPauses<T>(body: () => T): Promise<{ result: T; pauses: GcPause[] }> {
  const pauses: GcPause[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration, kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1 });
  });
  obs.observe({ entryTypes: ['gc'] });
  const result = body();
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return { result, pauses };
}

/**
 * GC pauses that began inside timed batches where no bucket closed (pure counting), by kind, in wall
 * milliseconds — wall, not CPU: on a loaded machine a pause includes waiting for GC helper threads.
 * `buckets_with_marking`: buckets whose batches saw an incremental marking step or a mark-compact.
 */
function gcInWindows(pauses: readonly GcPause[], windows: readonly TimedWindow[]): Record<string, number> {
  const out = { batches: windows.length, scavenges: 0, scavenge_ms: 0, mark_compacts: 0, mark_compact_ms: 0, incremental_marking_ms: 0, buckets_with_marking: 0 };
  const marked = new Set<number>();
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  let i = 0;
  for (const w of windows) {
    while (i < sorted.length && sorted[i].start < w.from) i++;
    for (let j = i; j < sorted.length && sorted[j].start <= w.to; j++) {
      const p = sorted[j];
      if (p.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        out.scavenges++;
        out.scavenge_ms += p.ms;
      } else if (p.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        out.mark_compacts++;
        out.mark_compact_ms += p.ms;
        marked.add(w.bucket);
      } else if (p.kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) {
        out.incremental_marking_ms += p.ms;
        marked.add(w.bucket);
      }
    }
  }
  out.buckets_with_marking = marked.size;
  for (const k of ['scavenge_ms', 'mark_compact_ms', 'incremental_marking_ms'] as const) out[k] = Math.round(out[k] * 10) / 10;
  return out;
}

export async function memory(users: number, perUser: number): Promise<Record<string, number>> {
  const before = heapMb();
  const runner = createJobRunner([USER_JOB]);
  // One event object, re-labelled per push: this measures the models, not a pool of 5 M event objects.
  const ev = scoredEvent({ timeMs: T0, user: 'u', process: 'p' });
  const r = rng(3);
  const mine = new Set<number>();
  const slice = 5000;
  const t = process.hrtime.bigint();
  for (let u = 0; u < users; u++) {
    // Users arrive in slices of 5 000 per bucket, each with its 50 processes from a skewed catalogue of 5 000.
    ev.timeMs = T0 + Math.floor(u / slice) * BUCKET;
    mine.clear();
    while (mine.size < perUser) mine.add(Math.floor(5000 * r() * r()));
    const name = `user${u}`;
    for (const p of mine) {
      ev.event.user.name = name;
      ev.event.process.name = `proc${p}.exe`;
      runner.push(ev);
    }
  }
  runner.flush();
  runner.drainRecords();
  const buildS = Number(process.hrtime.bigint() - t) / 1e9;
  const after = heapMb();
  const stats = runner.stats()[USER_JOB.job_id];
  const db = openDb(':memory:');
  const ts = process.hrtime.bigint();
  runner.saveState(db);
  const saveS = Number(process.hrtime.bigint() - ts) / 1e9;
  const bytes = (db.prepare('SELECT SUM(LENGTH(state)) AS n FROM rarity_state').get() as { n: number }).n;
  db.close();
  return {
    users,
    processes_per_user: perUser,
    entity_categories: stats.model.entity_categories,
    heap_mb: Math.round((after - before) * 10) / 10,
    bytes_per_entity_category: Math.round(((after - before) * 2 ** 20) / stats.model.entity_categories),
    build_seconds: Math.round(buildS * 100) / 100,
    snapshot_mb: Math.round((bytes / 2 ** 20) * 10) / 10,
    save_seconds: Math.round(saveS * 100) / 100,
  };
}

export async function runRarityBench(): Promise<object> {
  jobsRun([USER_JOB], 20_000, 8); // warm-up
  const windows: TimedWindow[] = [];
  const { result: main, pauses } = await withGcPauses(() => jobsRun([USER_JOB], 20_000, 96, 1, 'shared', windows));
  const { counting_path: counting, end_to_end: e2e } = main;
  // The same with a fresh string per projected value (hunt before its workers sent repeated values by id).
  const { counting_path: countingFresh, end_to_end: e2eFresh } = jobsRun([USER_JOB], 20_000, 96, 1, 'fresh');
  // All six default jobs over the same events. Every event is flagged here, and joint rarity over 10 000 users
  // with 20-process routines turns most (user, process) pairs into records (≈ 36 000 per bucket), so end to
  // end this measures record building and renormalisation far more than counting; 8 buckets keep it short.
  jobsRun(DEFAULT_JOBS, 20_000, 2);
  const six = jobsRun(DEFAULT_JOBS, 20_000, 8);
  // The same events as hunt sees them: a few per cent flagged, the rest only building history.
  const sixMixed = jobsRun(DEFAULT_JOBS, 20_000, 48, 0.03);
  const mem = await memory(100_000, 50);
  return {
    job: USER_JOB.job_id,
    counting_path: counting,
    // What the counting path's spread from bucket to bucket may come from: GC pauses inside its timed batches
    // that closed no bucket (helper, session 8: the push loop allocates ≈ 60 bytes per event, the events'
    // generation outside the timed code ≈ 2 KB, so a pause there mostly collects the generated events and what
    // the buckets keep).
    counting_gc_pauses: gcInWindows(pauses, windows),
    end_to_end: e2e,
    fresh_strings: { counting_path: countingFresh, end_to_end: e2eFresh },
    default_six_jobs: { jobs: DEFAULT_JOBS.map((j) => j.job_id), same_events: six, flagged_3_percent: sixMixed },
    memory_100k_users_x_50: mem,
    targets: { counting_events_per_s: 500_000, heap_mb: 1024 },
    load_average_at_end: loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

export const run = runRarityBench;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runRarityBench().then((r) => {
    const path = record('rarity', r);
    console.log(`${JSON.stringify(r, null, 2)}\n→ ${path}`);
  });
}
