// The rarity stage's entry point for the pipeline: several jobs fed the same scored events, records drained
// in a deterministic order (job order, then bucket, then entity), state saved to and restored from SQLite.

import type { Database } from 'better-sqlite3';
import type { ScoredEvent } from '../classify/types.js';
import { OddspawnError, type IssueLog } from '../common/issues.js';
import { decodeState, encodeState } from './codec.js';
import { compileJob } from './compile-job.js';
import { EventFrame, FieldSlots } from './event-frame.js';
import { JobConfig, type JobConfigInput } from './job-config.js';
import { JobRunner, type JobSnapshot } from './job-runner.js';
import { migrateRarity } from './migrations.js';
import type { AnomalyRecord } from './types.js';

/** Bumped whenever the snapshot layout changes; an old snapshot is then refused, not misread. */
export const STATE_FORMAT = 1;

export interface JobRunnerOptions {
  /** Late events and other per-event issues go here (counted either way in stats()). */
  issues?: IssueLog;
  /** Called for each record whose record_score was renormalised (e.g. to update the records store at once). */
  onRenormalized?: (r: AnomalyRecord) => void;
  /** Time bucket closes by CPU (JobRunner.closeCpuMicros), for benchmarks: each close then calls process.cpuUsage(). */
  timeCloses?: boolean;
}

export interface RarityRunner {
  readonly jobs: readonly JobRunner[];
  push(ev: ScoredEvent): void;
  flush(untilMs?: number): void;
  interim(): AnomalyRecord[];
  drainRecords(): readonly AnomalyRecord[];
  drainRenormalized(): readonly AnomalyRecord[];
  stats(): Record<string, ReturnType<JobRunner['stats']>>;
  saveState(db: Database): void;
  loadState(db: Database): boolean;
}

/** What the drains return when nothing is pending: the pipeline drains after every event. */
const NOTHING: readonly AnomalyRecord[] = Object.freeze([]);

export function createJobRunner(jobs: ReadonlyArray<JobConfig | JobConfigInput>, opts: JobRunnerOptions = {}): RarityRunner {
  const configs = jobs.map((j) => JobConfig.parse(j));
  // One set of slots and one frame for all jobs: each field and feed filter is evaluated once per event.
  const slots = new FieldSlots();
  const runners = configs.map((c) => new JobRunner(compileJob(c, slots), opts.issues, opts.onRenormalized, opts.timeCloses));
  const frame = new EventFrame(slots);
  return {
    jobs: runners,
    push(ev) {
      frame.reset(ev);
      for (let i = 0; i < runners.length; i++) runners[i].pushFrame(frame);
    },
    flush(untilMs) {
      for (const r of runners) r.flush(untilMs);
    },
    interim() {
      return runners.flatMap((r) => r.interim());
    },
    // Called after every event by the pipeline: O(jobs) when nothing is pending.
    drainRecords() {
      let out: AnomalyRecord[] | undefined;
      for (const r of runners) {
        if (r.pendingRecords === 0) continue;
        const d = r.drainRecords();
        if (out) for (const x of d) out.push(x);
        else out = d;
      }
      return out ?? NOTHING;
    },
    drainRenormalized() {
      let out: AnomalyRecord[] | undefined;
      for (const r of runners) {
        if (r.pendingRenormalized === 0) continue;
        const d = r.drainRenormalized();
        if (out) for (const x of d) out.push(x);
        else out = d;
      }
      return out ?? NOTHING;
    },
    stats() {
      return Object.fromEntries(runners.map((r) => [r.job.id, r.stats()]));
    },
    saveState(db) {
      saveRunnerState(db, runners);
    },
    loadState(db) {
      return loadRunnerState(db, runners);
    },
  };
}

export function saveRunnerState(db: Database, runners: readonly JobRunner[]): void {
  migrateRarity(db);
  const put = db.prepare('INSERT OR REPLACE INTO rarity_state (job_id, format, config, state) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of runners) put.run(r.job.id, STATE_FORMAT, JSON.stringify(r.job.config), encodeState(r.snapshot()));
  })();
}

/**
 * Restores every job that has saved state; returns false when none had any. A snapshot of another format or
 * of a changed job definition is refused with OS_RARITY_STATE (resuming it would silently change results).
 */
export function loadRunnerState(db: Database, runners: readonly JobRunner[]): boolean {
  migrateRarity(db);
  const get = db.prepare('SELECT format, config, state FROM rarity_state WHERE job_id = ?');
  let any = false;
  for (const r of runners) {
    const row = get.get(r.job.id) as { format: number; config: string; state: Buffer } | undefined;
    if (!row) continue;
    if (row.format !== STATE_FORMAT) {
      throw new OddspawnError('OS_RARITY_STATE', `job ${r.job.id}: saved state has format ${row.format}, this version reads ${STATE_FORMAT}`);
    }
    if (row.config !== JSON.stringify(r.job.config)) {
      throw new OddspawnError('OS_RARITY_STATE', `job ${r.job.id}: the job definition changed since its state was saved; delete the state to start over`);
    }
    r.restore(decodeState<JobSnapshot>(row.state));
    any = true;
  }
  return any;
}
