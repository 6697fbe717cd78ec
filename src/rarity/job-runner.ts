// One anomaly job over a stream of scored events in (roughly) event-time order: events go into open buckets,
// a bucket closes once event time passes its end + latency, the scorer models it and the normaliser scores it.
// Later events are counted and reported (never silently dropped); records are renormalised within a window.

import type { ScoredEvent } from '../classify/types.js';
import { issue, type Issue, type IssueLog } from '../common/issues.js';
import {
  EVENTS_PER_CELL, RefLog, addMore, categoryCell, categoryEntries, entityCount, hasCategories, freezeCell, moreCell, newCategoryEntity, newSumEntity,
  type Cell, type EntityCell, type OpenBucket,
} from './bucket.js';
import { buildRecord } from './build-record.js';
import type { CompiledJob } from './compile-job.js';
import type { Extract } from './bucket.js';
import { EntityIndex } from './entity-index.js';
import { EventFrame } from './event-frame.js';
import { Normalizer, type NormalizerSnapshot } from './normalizer.js';
import type { Scorer } from './scorers/types.js';
import { recordId, type AnomalyRecord } from './types.js';

/** A record still inside the renormalisation window, with what is needed to score it again. */
interface WindowEntry {
  record: AnomalyRecord;
  raw: number;
  scope: string;
}

export interface JobStats {
  events_pushed: number;
  events_filtered_out: number;
  events_missing_field: number;
  events_bad_time: number;
  events_modelled: number;
  late_events: number;
  buckets_closed: number;
  records: number;
  renormalized: number;
}

export interface JobSnapshot {
  job_id: string;
  watermark: number;
  closedThrough: number;
  jobBucket: number;
  stats: JobStats;
  open: Array<{ index: number; entities: Array<[string, FrozenEntity]> }>;
  normalizer: NormalizerSnapshot;
  scorer: unknown;
  window: WindowEntry[];
  pending: AnomalyRecord[];
  pendingRenorm: AnomalyRecord[];
}

/**
 * An open bucket's cell as saved: its extract instead of log entries (`events` is always empty; the name and
 * layout are those of the first snapshot format, which this one still is).
 */
interface FrozenCell {
  count: number;
  hist: number;
  sum: number;
  kept: number;
  events: [];
  saved?: Extract;
}

/** An open bucket's entity as saved: the categories (inline or not) as entries in arrival order, null for high_sum. */
type FrozenEntity = FrozenCell & { partition: string; by: string; cats: Array<[string, FrozenCell]> | null };

function frozenCell(c: Cell): FrozenCell {
  return { count: c.count, hist: c.hist, sum: c.sum, kept: c.kept, events: [], saved: c.saved };
}

/** A rare/new_terms entity as the first format saved it: its own cell fields are derived (bucket.ts EntityCell). */
function frozenCategoryEntity(ent: EntityCell, cats: Array<[string, Cell]>): FrozenEntity {
  return {
    count: entityCount(ent), hist: 0, sum: 0, kept: 0, events: [], saved: undefined,
    partition: ent.partition, by: ent.by, cats: cats.map(([n, c]) => [n, frozenCell(c)]),
  };
}

function thawInto(c: Cell, f: FrozenCell): void {
  c.count = f.count;
  c.hist = f.hist;
  c.sum = f.sum;
  c.kept = f.kept;
  c.saved = f.saved;
}

function thawEntity(e: FrozenEntity): EntityCell {
  if (!e.cats || e.cats.length === 0) {
    const ent = newSumEntity(e.partition, e.by);
    thawInto(ent, e);
    return ent;
  }
  const ent = newCategoryEntity(e.partition, e.cats[0][0]);
  ent.by = e.by;
  thawInto(ent, e.cats[0][1]);
  for (let i = 1; i < e.cats.length; i++) thawInto(addMore(ent, e.cats[i][0]), e.cats[i][1]);
  return ent;
}

const NONE = Number.MIN_SAFE_INTEGER;

export class JobRunner {
  readonly scorer: Scorer;
  private normalizer: Normalizer;
  private open = new Map<number, OpenBucket>();
  private readonly index: EntityIndex;
  private cur: OpenBucket | undefined;
  /** Logs of closed buckets, emptied, for the next ones (a log grows to a bucket's kept events once). */
  private spareLogs: RefLog[] = [];
  private watermark = NONE;
  private closedThrough = NONE;
  private jobBucket = 0;
  private window: WindowEntry[] = [];
  private pending: AnomalyRecord[] = [];
  private pendingRenorm = new Map<string, AnomalyRecord>();
  private stat: JobStats = {
    events_pushed: 0, events_filtered_out: 0, events_missing_field: 0, events_bad_time: 0, events_modelled: 0,
    late_events: 0, buckets_closed: 0, records: 0, renormalized: 0,
  };

  constructor(
    readonly job: CompiledJob,
    private readonly issues?: IssueLog,
    /** Called with every record whose record_score was renormalised (the store updates it). */
    private readonly onRenormalized?: (r: AnomalyRecord) => void,
    /** Count closeCpuMicros (benchmarks only: see closeBucket). */
    private readonly timeCloses = false,
  ) {
    this.scorer = job.makeScorer();
    // The key an entity is found by: pushFrame's.
    this.index = new EntityIndex(job.fn === 'high_sum' ? (e) => (e.partition ? `${e.partition}\u0000${e.by}` : e.by) : (e) => e.partition);
    this.normalizer = new Normalizer(job.decayRate, job.countPerSample);
  }

  private frame: EventFrame | undefined;

  push(ev: ScoredEvent): void {
    const f = (this.frame ??= new EventFrame(this.job.slots));
    f.reset(ev);
    this.pushFrame(f);
  }

  /** push() for a frame already reset to the event (the runner shares one frame across its jobs). */
  pushFrame(f: EventFrame): void {
    const job = this.job;
    const ev = f.ev!;
    this.stat.events_pushed++;
    const t = ev.timeMs;
    if (!Number.isFinite(t)) {
      this.stat.events_bad_time++;
      return;
    }
    if (!f.passes(job.filter)) {
      this.stat.events_filtered_out++;
      if (job.historyFilter >= 0 && f.passes(job.historyFilter)) this.addHistory(f, t);
      this.advance(t);
      return;
    }
    // A value with an id is a non-empty string (string-ids.ts): its keyword is itself, read without touching it.
    const pid = job.partition >= 0 ? f.id(job.partition) : -1;
    const partition = pid >= 0 ? (f.value(job.partition) as string) : job.partition >= 0 ? f.keyword(job.partition) : '';
    const by = f.keyword(job.by);
    if (partition === undefined || by === undefined) {
      this.stat.events_missing_field++;
      this.advance(t);
      return;
    }
    const b = Math.floor(t / job.spanMs);
    if (b <= this.closedThrough) {
      this.stat.late_events++;
      this.report(issue('OS_RARITY_LATE_EVENT', `job ${job.id}: event at ${new Date(t).toISOString()} is after its bucket closed (latency ${job.config.latency}); not modelled`, ev.origin));
      return;
    }
    const bucket = this.bucketFor(b);
    this.stat.events_modelled++;
    if (job.fn === 'high_sum') {
      // Without a partition the key is `by`, whose id finds the entity.
      const key = partition ? `${partition}\u0000${by}` : by;
      const id = partition ? -1 : f.id(job.by);
      const v = f.value(job.value);
      const value = typeof v === 'number' && Number.isFinite(v) ? v : 0;
      let ent = this.index.find(bucket, id, key, true);
      if (ent === undefined) this.index.add(bucket, key, (ent = newSumEntity(partition, by)), id);
      ent.sum += value;
      this.addTo(bucket.log, ent, ev);
    } else {
      // One lookup for the common entity with a single category (the entity is its cell).
      const ent = this.index.find(bucket, pid, partition, false);
      if (ent === undefined) {
        const e = newCategoryEntity(partition, by);
        this.index.add(bucket, partition, e, pid);
        this.addTo(bucket.log, e, ev);
      } else if (ent.first === by) this.addTo(bucket.log, ent, ev);
      else this.addTo(bucket.log, moreCell(ent, by) ?? addMore(ent, by), ev);
    }
    this.advance(t);
  }

  private addTo(log: RefLog, c: Cell, ev: ScoredEvent): void {
    c.count++;
    if (c.kept < EVENTS_PER_CELL) {
      c.kept++;
      const p = ev.projected;
      if (p !== undefined && this.job.influencersProjectable) log.add(c, ev.origin, p);
      else log.add(c, ev, undefined);
    }
  }

  /** An event outside the feed that still builds its entity's history (history_feed "all"). */
  private addHistory(f: EventFrame, t: number): void {
    const job = this.job;
    const partition = job.partition >= 0 ? f.keyword(job.partition) : '';
    const by = f.keyword(job.by);
    if (partition === undefined || by === undefined) return;
    const b = Math.floor(t / job.spanMs);
    if (b <= this.closedThrough) return;
    const bucket = this.bucketFor(b);
    const id = job.partition >= 0 ? f.id(job.partition) : -1;
    const ent = this.index.find(bucket, id, partition, false);
    if (ent === undefined) {
      const e = newCategoryEntity(partition, by);
      e.hist = 1;
      this.index.add(bucket, partition, e, id);
    } else categoryCell(ent, by).hist++;
  }

  private bucketFor(b: number): OpenBucket {
    let bucket = this.cur;
    if (!bucket || bucket.index !== b) {
      bucket = this.open.get(b);
      if (!bucket) {
        bucket = this.index.openBucket(b, this.spareLogs.pop() ?? new RefLog());
        this.open.set(b, bucket);
      }
      this.cur = bucket;
    }
    return bucket;
  }

  private report(i: Issue): void {
    this.issues?.add(i);
  }

  private advance(t: number): void {
    if (t <= this.watermark) return;
    this.watermark = t;
    const target = Math.floor((t - this.job.latencyMs) / this.job.spanMs) - 1;
    if (target > this.closedThrough) this.closeThrough(target);
  }

  private closeThrough(target: number): void {
    const due = [...this.open.keys()].filter((b) => b <= target).sort((a, b) => a - b);
    for (const b of due) {
      const bucket = this.open.get(b)!;
      this.open.delete(b);
      if (this.cur === bucket) this.cur = undefined;
      this.closeBucket(bucket);
      this.index.closed(bucket);
      bucket.log.clear();
      this.spareLogs.push(bucket.log);
    }
    this.closedThrough = Math.max(this.closedThrough, target);
  }

  /** Closes every open bucket ending at or before `untilMs` (all of them without it). */
  flush(untilMs?: number): void {
    if (untilMs === undefined) {
      const last = Math.max(NONE, ...this.open.keys());
      if (last > NONE) this.closeThrough(last);
      return;
    }
    this.closeThrough(Math.floor(untilMs / this.job.spanMs) - 1);
  }

  private sortedEntities(bucket: OpenBucket): EntityCell[] {
    return this.index.sorted(bucket);
  }

  /**
   * CPU microseconds spent closing buckets (scoring, normalising, records) when the runner was made with
   * `timeCloses`, else 0; kept out of stats() as it varies.
   */
  closeCpuMicros = 0;

  private closeBucket(bucket: OpenBucket): void {
    // Off by default: process.cpuUsage() sums every thread of the process, and with hunt's busy worker threads
    // one call took ≈ 0.8 ms of the main thread (8,904 calls, 7.1 s over a 294k-event hunt).
    if (!this.timeCloses) {
      this.closeBucketTimed(bucket);
      return;
    }
    const c0 = process.cpuUsage();
    this.closeBucketTimed(bucket);
    const c = process.cpuUsage(c0);
    this.closeCpuMicros += c.user + c.system;
  }

  private closeBucketTimed(bucket: OpenBucket): void {
    const res = this.scorer.close(bucket, this.sortedEntities(bucket), false);
    this.jobBucket++;
    this.stat.buckets_closed++;
    let big = false;
    if (this.scorer.normalized) big = this.normalizer.updateBucket(res.raws, res.scopes, this.jobBucket);
    for (const c of res.candidates) {
      const score = c.fixedScore ?? this.normalizer.normalize(c.raw, c.probability, c.scope, this.jobBucket);
      const rec = buildRecord(this.job, this.scorer.name, bucket, c, score, false);
      this.pending.push(rec);
      this.stat.records++;
      if (this.scorer.normalized) this.window.push({ record: rec, raw: c.raw, scope: c.scope });
    }
    if (this.scorer.normalized && (big || this.jobBucket % this.job.config.model.renormalize_every_buckets === 0)) {
      this.renormalize(bucket.index * this.job.spanMs);
    }
  }

  /** Rescores stored records inside the window against the current quantiles and maxima. */
  private renormalize(nowMs: number): void {
    const oldest = nowMs - this.job.windowMs;
    if (this.window.length && this.window[0].record.timestamp < oldest) this.window = this.window.filter((e) => e.record.timestamp >= oldest);
    for (const e of this.window) {
      const s = this.normalizer.normalize(e.raw, e.record.probability, e.scope, this.jobBucket);
      if (s === e.record.record_score) continue;
      e.record = { ...e.record, record_score: s };
      this.pendingRenorm.set(recordId(e.record), e.record);
      this.stat.renormalized++;
      this.onRenormalized?.(e.record);
    }
  }

  /** Records for the open buckets as they would be now (is_interim: true); no state changes. */
  interim(): AnomalyRecord[] {
    const out: AnomalyRecord[] = [];
    for (const b of [...this.open.keys()].sort((x, y) => x - y)) {
      const bucket = this.open.get(b)!;
      const res = this.scorer.close(bucket, this.sortedEntities(bucket), true);
      for (const c of res.candidates) {
        const score = c.fixedScore ?? this.normalizer.normalize(c.raw, c.probability, c.scope, this.jobBucket);
        out.push(buildRecord(this.job, this.scorer.name, bucket, c, score, true));
      }
    }
    return out;
  }

  /** Records waiting for drainRecords(). */
  get pendingRecords(): number {
    return this.pending.length;
  }

  /** Renormalised records waiting for drainRenormalized(). */
  get pendingRenormalized(): number {
    return this.pendingRenorm.size;
  }

  drainRecords(): AnomalyRecord[] {
    if (this.pending.length === 0) return [];
    const r = this.pending;
    this.pending = [];
    return r;
  }

  drainRenormalized(): AnomalyRecord[] {
    if (this.pendingRenorm.size === 0) return [];
    const r = [...this.pendingRenorm.values()];
    this.pendingRenorm.clear();
    return r;
  }

  stats(): JobStats & { open_buckets: number; window_records: number; model: Record<string, number> } {
    return { ...this.stat, open_buckets: this.open.size, window_records: this.window.length, model: this.scorer.stats() };
  }

  snapshot(): JobSnapshot {
    const open = [...this.open.values()].sort((a, b) => a.index - b.index).map((bucket) => {
      const entities: Array<[string, FrozenEntity]> = [];
      for (const [key, ent] of this.index.mapOf(bucket)) {
        if (hasCategories(ent)) {
          const cats = categoryEntries(ent);
          for (const [, c] of cats) freezeCell(c, bucket.log, this.job.influencers);
          entities.push([key, frozenCategoryEntity(ent, cats)]);
        } else {
          freezeCell(ent, bucket.log, this.job.influencers);
          entities.push([key, { ...frozenCell(ent), partition: ent.partition, by: ent.by, cats: null }]);
        }
      }
      return { index: bucket.index, entities };
    });
    return {
      job_id: this.job.id,
      watermark: this.watermark,
      closedThrough: this.closedThrough,
      jobBucket: this.jobBucket,
      stats: { ...this.stat },
      open,
      normalizer: this.normalizer.snapshot(),
      scorer: this.scorer.snapshot(),
      window: this.window,
      pending: this.pending,
      pendingRenorm: [...this.pendingRenorm.values()],
    };
  }

  restore(s: JobSnapshot): void {
    this.watermark = s.watermark;
    this.closedThrough = s.closedThrough;
    this.jobBucket = s.jobBucket;
    this.stat = { ...s.stats };
    this.index.reset();
    this.open = new Map(s.open.map((b) => [b.index, this.index.restoredBucket(b.index, new Map(b.entities.map(([k, e]) => [k, thawEntity(e)])))]));
    this.cur = undefined;
    this.normalizer.restore(s.normalizer);
    this.scorer.restore(s.scorer);
    this.window = s.window;
    this.pending = s.pending;
    this.pendingRenorm = new Map(s.pendingRenorm.map((r) => [recordId(r), r]));
  }
}
