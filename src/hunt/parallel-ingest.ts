// Read → normalize → classify on worker threads. Work units (files, ranges of big NDJSON files) go to whichever
// worker is free, at most a few units ahead of the one being consumed; results are taken strictly in unit order,
// so events, counts, issues and rejects come out exactly as a single-threaded read would give them.

import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IssueLog, Issue } from '../common/issues.js';
import type { IssueCode } from '../common/codes.js';
import type { IngestCounts } from '../ingest.js';
import { resolveInputs } from '../read/inputs.js';
import type { RawRecord } from '../read/types.js';
import type { DocFiles } from './doc-files.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import type { PackedRows } from './packed-rows.js';
import { ScoredLine, type ScoredLineReader } from './scored-line.js';
import { DEFAULT_UNIT_BYTES, planUnits, type WorkUnit } from './units.js';

export interface ParallelIngestOptions {
  workers: number;
  script: URL;
  setup: Omit<WorkerSetup, 'keepIssues' | 'docDir'>;
  /** Where the workers write event documents (worker k's file is number k). */
  docFiles: DocFiles;
  /** Takes each worker's numbered strings as they arrive; reads the lines later. */
  lineReader: ScoredLineReader;
  issues: IssueLog;
  /** Target bytes per NDJSON range (tests use tiny values). */
  unitBytes?: number;
  onReject?: (issue: Issue, raw: RawRecord | undefined) => void;
  onProgress?: (records: number) => void;
}

/** Scored events (as scored lines) and, when the store is on, their stored rows. */
export interface ParallelScored {
  events: ScoredLine[];
  rows: PackedRows | undefined;
}

/**
 * Workers for a machine: one per core but the main thread's, at least 2 and at most 8; none on one core. On 2 cores
 * two workers gave 2.1× one thread's rate on the bench's 294k events (bench/results/hunt.json). Only as many start as
 * there are work units (parallelScored), so a small input does not pay for idle ones.
 */
export function defaultHuntWorkers(cores = cpus().length): number {
  return cores < 2 ? 0 : Math.min(8, Math.max(2, cores - 1));
}

/**
 * Input smaller than this runs on one thread by default: at most two work units, which cannot keep more than two
 * workers busy, while each worker costs about a second of CPU to start. On 2 cores one thread was faster up to
 * ≈ 45 MB (2,000 / 10,000 / 25,000 bench events: 1.4 / 2.5 / 3.4 s against 2.0 / 3.4 / 4.2 s with two workers) and
 * even at ≈ 90 MB; the bound stays low because more cores move the crossing down.
 */
export const SMALL_INPUT_BYTES = 3 * DEFAULT_UNIT_BYTES;

/** Workers for a hunt over `inputs` when --workers is not given: none for a small input, else defaultHuntWorkers. */
export async function defaultWorkersFor(inputs: readonly string[], cores = cpus().length): Promise<number> {
  const { files } = await resolveInputs(inputs);
  let bytes = 0;
  for (const f of files) {
    const st = await stat(f).catch(() => undefined);
    bytes += st?.size ?? 0;
    if (bytes >= SMALL_INPUT_BYTES) return defaultHuntWorkers(cores);
  }
  return 0;
}

type UnitMessage = Exclude<FromWorker, { t: 'fatal' }>;

/** The compiled worker script: beside this module in dist/, or dist's copy when running from sources (tests). */
export function huntWorkerScript(): URL | null {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./hunt-worker.js', here);
  const dist = new URL('../../dist/src/hunt/hunt-worker.js', here);
  return existsSync(fileURLToPath(dist)) ? dist : null;
}

interface UnitState {
  messages: UnitMessage[];
  done: boolean;
  /** Cumulative counts already added to the run's counts. */
  counted: IngestCounts | undefined;
}

export async function* parallelScored(inputs: readonly string[], counts: IngestCounts, opts: ParallelIngestOptions): AsyncGenerator<ParallelScored> {
  const { files, issues: resolveIssues } = await resolveInputs(inputs);
  for (const i of resolveIssues) {
    counts.readIssues++;
    opts.issues.add(i);
    if (i.severity === 'error') opts.onReject?.(i, undefined);
  }
  if (files.length === 0) return;

  const n = Math.max(1, Math.floor(opts.workers));
  const maxAhead = 2 * n;
  const units = planUnits(files, { unitBytes: opts.unitBytes });
  let planned = 0;
  let plannerDone = false;
  const state = new Map<number, UnitState>();
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  const owner = new Map<number, Worker>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const setup: WorkerSetup = { ...opts.setup, keepIssues: opts.issues.keep, docDir: opts.docFiles.dir };
  // Workers start when there is a unit for them, not up front: each costs about a second of CPU to load its modules
  // and the model and to warm up, and input smaller than a unit or two keeps the rest idle (one worker for a small
  // file, not one per core).
  const spawn = (): Worker => {
    const k = workers.length;
    const w = new Worker(opts.script);
    w.on('message', (m: FromWorker) => {
      const st = state.get(m.unit);
      // A worker's strings come in the order it numbered them, whichever unit the main thread is consuming.
      if (m.t === 'batch') opts.lineReader.define(k, m.strings);
      if (m.t === 'fatal') failure ??= new Error(`hunt worker failed on work unit ${m.unit}: ${m.message}`);
      else if (st) {
        st.messages.push(m);
        if (m.t === 'done') {
          st.done = true;
          idle.push(w);
        }
      }
      notify();
    });
    w.on('error', (e) => {
      failure ??= e;
      notify();
    });
    w.postMessage({ t: 'setup', setup, worker: k } satisfies ToWorker);
    workers.push(w);
    return w;
  };

  let cursor = 0;
  const dispatch = async (): Promise<void> => {
    while (!plannerDone && (idle.length > 0 || workers.length < n) && planned - cursor < maxAhead) {
      const r = await units.next();
      if (r.done) {
        plannerDone = true;
        break;
      }
      const unit: WorkUnit = r.value;
      // Its lines' documents are read back from the file (doc-files.ts readInput): held open from now on, the file
      // stays readable through a rename or a deletion (log rotation) during the hunt.
      if (unit.kind === 'range') opts.docFiles.holdInput(unit.path);
      state.set(unit.index, { messages: [], done: false, counted: undefined });
      planned++;
      const w = idle.shift() ?? spawn();
      owner.set(unit.index, w);
      w.postMessage({ t: 'unit', unit } satisfies ToWorker);
    }
  };

  try {
    await dispatch();
    while (cursor < planned || !plannerDone) {
      if (failure) throw failure;
      const st = state.get(cursor);
      const m = st?.messages.shift();
      if (!st || !m) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        await dispatch();
        continue;
      }
      addCounts(counts, m.counts, st.counted);
      st.counted = m.counts;
      if (m.t === 'batch') {
        owner.get(cursor)?.postMessage({ t: 'ack' } satisfies ToWorker);
        for (const i of m.issues) opts.issues.add(i);
        for (const r of m.rejects) opts.onReject?.(r.issue, r.raw);
        opts.onProgress?.(counts.records);
        if (m.lines.length) {
          const events = m.lines.map((line, i) => new ScoredLine(m.times[i], line));
          yield { events, rows: m.rows };
        }
      } else {
        for (const [code, k] of Object.entries(m.uncounted) as Array<[IssueCode, number]>) opts.issues.addUncounted(code, k);
        state.delete(cursor);
        owner.delete(cursor);
        cursor++;
        await dispatch();
      }
    }
    if (failure) throw failure;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await units.return(undefined);
  }
}

/** Adds the difference between a unit's cumulative counts now and what was already added. */
function addCounts(into: IngestCounts, now: IngestCounts, before: IngestCounts | undefined): void {
  into.records += now.records - (before?.records ?? 0);
  into.events += now.events - (before?.events ?? 0);
  into.skipped += now.skipped - (before?.skipped ?? 0);
  into.rejected += now.rejected - (before?.rejected ?? 0);
  into.warnings += now.warnings - (before?.warnings ?? 0);
  into.readIssues += now.readIssues - (before?.readIssues ?? 0);
  for (const [k, v] of Object.entries(now.byShape) as Array<[keyof IngestCounts['byShape'], number]>) {
    into.byShape[k] = (into.byShape[k] ?? 0) + v - (before?.byShape[k] ?? 0);
  }
  for (const [k, v] of Object.entries(now.skippedByReason)) {
    into.skippedByReason[k] = (into.skippedByReason[k] ?? 0) + v - (before?.skippedByReason[k] ?? 0);
  }
}
