// The processing loop: queued events → classify → rarity jobs → events table, in chunks. Each chunk commits in
// ONE transaction: the stored events, the new and renormalised anomaly records, the rarity jobs' state and the
// queue progress. A crash before the commit leaves all of them as they were, so the chunk is redone from the
// same state after a restart and yields the same event keys and record ids (INSERT OR IGNORE / upsert): nothing
// acknowledged is lost and nothing is stored twice. Rules run on the wall clock after each chunk and on a timer.

import type { Classifier } from '../../classify/classifier.js';
import type { ScoredEvent } from '../../classify/types.js';
import { issue, type IssueLog } from '../../common/issues.js';
import type { NormalizedEvent } from '../../normalize/process-event.js';
import { applyRenormalized, createJobRunner, upsertRecords, type AnomalyRecord, type JobConfig, type JobConfigInput, type RarityRunner } from '../../rarity/index.js';
import type { Db } from '../../store/db.js';
import { EventsRepo } from '../../store/events-repo.js';
import type { ServeMetrics } from '../metrics.js';
import type { IngestQueue, QueueRow } from './queue.js';
import type { RulesHost } from './rules-host.js';
import { scoreLazily, storedDocument } from './scoring.js';

/** Consecutive failures on one queue row before it is set aside. */
export const MAX_FAILURES = 5;

export interface ProcessorOptions {
  db: Db;
  queue: IngestQueue;
  classifier: Classifier;
  jobs: ReadonlyArray<JobConfig | JobConfigInput>;
  rules: RulesHost;
  metrics: ServeMetrics;
  issues: IssueLog;
  now: () => number;
  chunkEvents: number;
  tickMs: number;
  idleFlushMs: number;
  onError?: (e: unknown) => void;
}

export class Processor {
  private rarity: RarityRunner;
  private readonly repo: EventsRepo;
  private row: QueueRow | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private lastEventMs: number;
  private flushedIdle = true;
  private failures = { rowId: 0, count: 0 };
  processed = 0;
  /** Rows set aside after failing MAX_FAILURES times in a row. */
  setAside = 0;

  constructor(private readonly o: ProcessorOptions) {
    this.repo = new EventsRepo(o.db);
    this.rarity = this.loadRarity();
    this.lastEventMs = o.now();
    o.queue.onAppend(() => {
      this.lastEventMs = o.now();
      this.flushedIdle = false;
      this.wake?.();
    });
  }

  /** A fresh runner with the jobs' state as last committed. */
  private loadRarity(): RarityRunner {
    const r = createJobRunner(this.o.jobs, { issues: this.o.issues });
    r.loadState(this.o.db);
    return r;
  }

  /**
   * Processes up to one chunk of queued events and commits it. Returns how many events it processed (0: the
   * queue is empty). Throws when the commit fails, after resetting to the last committed state.
   */
  step(): number {
    const { queue, classifier, db } = this.o;
    if (!this.row || this.row.done >= this.row.events.length) this.row = queue.next();
    const row = this.row;
    if (!row) return 0;
    const start = row.done;
    const end = Math.min(row.events.length, start + this.o.chunkEvents);
    const scored: ScoredEvent[] = [];
    const created: AnomalyRecord[] = [];
    const renormalized: AnomalyRecord[] = [];
    let malicious = 0;
    try {
      for (let i = start; i < end; i++) {
        const q = row.events[i];
        const ev: NormalizedEvent = { event: q.e, timeMs: q.t, shape: q.s, origin: q.k !== undefined ? { file: q.k } : { file: `queue:${row.id}`, line: i + 1 } };
        const s = scoreLazily(classifier, ev);
        if (s.problemchild.prediction === 1) malicious++;
        this.rarity.push(s);
        scored.push(s);
      }
      // Once per chunk: records are only stored here (rules read them from the store), and the store applies
      // renormalised scores after the records they update, whichever order they arrived in.
      created.push(...this.rarity.drainRecords());
      renormalized.push(...this.rarity.drainRenormalized());
      db.transaction(() => {
        this.repo.add(scored.map(storedDocument));
        upsertRecords(db, created);
        applyRenormalized(db, renormalized);
        this.rarity.saveState(db);
        queue.markDone(row, end);
      })();
    } catch (e) {
      // Memory may be ahead of the database now: start again from what was committed.
      this.row = undefined;
      this.rarity = this.loadRarity();
      this.failures = this.failures.rowId === row.id ? { rowId: row.id, count: this.failures.count + 1 } : { rowId: row.id, count: 1 };
      if (this.failures.count >= MAX_FAILURES) {
        queue.setAside(row, (e as Error).stack ?? String(e), this.o.now());
        this.setAside++;
        this.o.issues.add(issue('OS_INTERNAL', `queue row ${row.id} (${row.events.length} events from ${row.source}) failed ${MAX_FAILURES} times and was moved to ingest_dead: ${(e as Error).message}`));
      }
      throw e;
    }
    this.failures = { rowId: 0, count: 0 };
    row.done = end;
    queue.committed(end - start);
    this.processed += end - start;
    const m = this.o.metrics;
    m.processed.inc(end - start);
    m.predictions.inc({ class: 'malicious' }, malicious);
    m.predictions.inc({ class: 'benign' }, end - start - malicious);
    for (const r of created) m.records.inc({ job: r.job_id });
    m.queueDepth.set(queue.pendingEvents);
    for (const s of scored) this.o.rules.onScoredEvent(s);
    this.o.rules.advance();
    return end - start;
  }

  /** With the queue empty and no event for `idleFlushMs`, closes the anomaly buckets that ended that long ago. */
  flushIdle(): void {
    if (this.flushedIdle || this.o.queue.pendingEvents > 0) return;
    const now = this.o.now();
    if (now - this.lastEventMs < this.o.idleFlushMs) return;
    this.rarity.flush(now - this.o.idleFlushMs);
    const created = this.rarity.drainRecords();
    const renormalized = this.rarity.drainRenormalized();
    const { db } = this.o;
    try {
      db.transaction(() => {
        upsertRecords(db, created);
        applyRenormalized(db, renormalized);
        this.rarity.saveState(db);
      })();
    } catch (e) {
      this.rarity = this.loadRarity();
      throw e;
    }
    for (const r of created) this.o.metrics.records.inc({ job: r.job_id });
    this.flushedIdle = true;
  }

  /** Processes everything queued now, then runs the due rules (tests and shutdown). */
  drain(): number {
    let n = 0;
    for (let k = this.step(); k > 0; k = this.step()) n += k;
    this.o.rules.advance();
    return n;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake?.(), this.o.tickMs);
    this.timer.unref();
    this.loopDone = this.loop();
  }

  /** Stops after the chunk in progress (committed chunks are never half-done). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.wake?.();
    await this.loopDone;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let n = 0;
      this.running = true;
      try {
        n = this.step();
        if (n === 0) {
          this.o.rules.advance();
          this.flushIdle();
        }
      } catch (e) {
        this.o.metrics.processingErrors.inc();
        this.o.onError?.(e);
      } finally {
        this.running = false;
      }
      // Yield to the HTTP side between chunks; sleep until new rows or the next tick when idle.
      if (n > 0) await new Promise<void>((r) => setImmediate(r));
      else await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}
