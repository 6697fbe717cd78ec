// Runs each rule on its schedule over its look-back window and hands what it matched to the alert writer.
// Two clocks: in event-time mode (`hunt`) runs fall on interval boundaries of the events' own time and every
// due run is executed in order (a week of events = 672 runs of a 15m rule); in wall-clock mode (`serve`)
// a run happens when its time has come, and a run that finds the previous coverage too old (the service
// was down, the machine slept) widens its window back to it and says so.

import { buildAnomalyAlert, buildEventAlert } from '../alerts/build.js';
import { PredicateDocument } from './predicate-document.js';
import { alertId } from '../alerts/id.js';
import type { AlertWriter, WriteOutcome } from '../alerts/writer.js';
import type { ScoredEvent } from '../classify/types.js';
import { issue, type Issue } from '../common/issues.js';
import { recordId } from '../rarity/types.js';
import type { AnomalySource } from './anomaly-source.js';
import { TimeBuffer } from './buffers.js';
import { formatDuration } from './duration.js';
import { compileQueryText, type Predicate } from './query/evaluate.js';
import type { RuleStateStore, RunLog, RunRecord } from './run-log.js';
import type { LoadedRule } from './schema.js';

export type ClockMode = 'event-time' | 'wall-clock';

/** Most records one ML run reads from the source; far above max_signals, so exceptions and dedup act first. */
const SOURCE_CAP = 10_000;

interface Scheduled {
  lr: LoadedRule;
  index: number;
  nextRunMs?: number;
  coveredToMs?: number;
  predicate?: Predicate;
  matches?: TimeBuffer;
  runs: number;
  idleSkipped: number;
}

export interface ExecutorOptions {
  rules: readonly LoadedRule[];
  mode: ClockMode;
  writer: AlertWriter;
  anomalySource?: AnomalySource;
  /** Finds an event behind an anomaly record by one of its `explanation.event_ids`. */
  eventLookup?: (id: string) => ScoredEvent | undefined;
  runLog?: RunLog;
  /** Wall-clock mode: schedule state that survives restarts (gap detection across downtime). */
  state?: RuleStateStore;
  onIssue?: (i: Issue) => void;
  /** Wall-clock mode: the widest gap a run will cover (older time is reported, not searched). Default 24h. */
  maxGapMs?: number;
  /** Bound on buffered matches per query rule. */
  maxBufferedMatches?: number;
  /** Wraps each run, so a run's alerts and its log entry commit together (SQLite: one transaction per run). */
  transaction?: <T>(fn: () => T) => T;
  /** Wall-clock time source for run durations (not part of any output). */
  perfNow?: () => number;
  /**
   * Event-time mode: the executor sees the time of every event and record (the engine's in-memory
   * source), so a run whose whole window falls after the last data seen and before the current event can
   * find nothing and is skipped. Without it every scheduled run executes.
   */
  skipIdleRuns?: boolean;
}

export class RuleExecutor {
  private readonly scheduled: Scheduled[];
  private lastSeenMs?: number;
  /** The latest and second-latest distinct times of data given to the executor (event-time mode). */
  private dataMaxMs = -Infinity;
  private dataBelowMaxMs = -Infinity;
  lateEvents = 0;
  /** Event-time runs skipped because their window held no data (see `skipIdleRuns`). */
  idleRunsSkipped = 0;

  constructor(private readonly opts: ExecutorOptions) {
    this.scheduled = opts.rules
      .filter((lr) => lr.rule.enabled)
      .map((lr, index) => ({
        lr,
        index,
        runs: 0,
        idleSkipped: 0,
        ...(lr.rule.type === 'query' ? { predicate: compileQueryText(lr.rule.query), matches: new TimeBuffer(opts.maxBufferedMatches) } : {}),
      }));
  }

  get rules(): readonly LoadedRule[] {
    return this.scheduled.map((s) => s.lr);
  }

  /** The earliest time any future run's window can reach: older data can be forgotten. */
  horizonMs(): number | undefined {
    let h: number | undefined;
    for (const s of this.scheduled) {
      if (s.nextRunMs === undefined) return undefined;
      const from = Math.min(s.nextRunMs - s.lr.lookbackMs, s.coveredToMs ?? Infinity);
      h = h === undefined ? from : Math.min(h, from);
    }
    return h;
  }

  /** Notes the time of data the rules may read (an anomaly record) so idle-run skipping never skips over it. */
  noteDataTime(ms: number): void {
    if (ms > this.dataMaxMs) {
      this.dataBelowMaxMs = this.dataMaxMs;
      this.dataMaxMs = ms;
    } else if (ms < this.dataMaxMs && ms > this.dataBelowMaxMs) this.dataBelowMaxMs = ms;
  }

  /** Feeds one scored event to the query rules (call before `advanceTo` for the same time). */
  onScoredEvent(ev: ScoredEvent): void {
    this.noteDataTime(ev.timeMs);
    let doc: PredicateDocument | undefined;
    for (const s of this.scheduled) {
      if (!s.predicate) continue;
      doc ??= new PredicateDocument(ev);
      if (!s.predicate(doc)) continue;
      if (s.nextRunMs !== undefined && ev.timeMs < s.nextRunMs - s.lr.lookbackMs) {
        this.lateEvents++;
        if (this.lateEvents <= 10) {
          this.opts.onIssue?.(issue('OS_RULE_LATE_EVENT', `an event at ${new Date(ev.timeMs).toISOString()} matched "${s.lr.rule.name}" after every window that could hold it had run`, ev.origin));
        }
        continue;
      }
      s.matches!.add(ev);
    }
  }

  /** Runs every execution due at or before `nowMs` (event time, or the wall clock in wall-clock mode). */
  advanceTo(nowMs: number): RunRecord[] {
    if (this.lastSeenMs === undefined || nowMs > this.lastSeenMs) this.lastSeenMs = nowMs;
    if (this.opts.mode === 'wall-clock') return this.advanceWallClock(nowMs);
    // The latest data strictly before now (the current event has already been given to onScoredEvent).
    const dataBeforeMs = this.dataMaxMs === nowMs ? this.dataBelowMaxMs : this.dataMaxMs;
    const runs = this.advanceEventTime(nowMs, dataBeforeMs);
    this.noteDataTime(nowMs);
    return runs;
  }

  /** Event-time mode: runs every rule up to the first boundary after the last time seen, so the last bucket is covered. */
  finish(): RunRecord[] {
    if (this.lastSeenMs === undefined) return [];
    const out: RunRecord[] = [];
    for (;;) {
      let best: Scheduled | undefined;
      for (const s of this.scheduled) {
        const end = Math.floor(this.lastSeenMs / s.lr.intervalMs) * s.lr.intervalMs + s.lr.intervalMs;
        if (s.nextRunMs === undefined || s.nextRunMs > end) continue;
        if (!best || s.nextRunMs < best.nextRunMs! || (s.nextRunMs === best.nextRunMs && s.index < best.index)) best = s;
      }
      if (!best) return out;
      out.push(this.runAt(best, best.nextRunMs!, best.nextRunMs! - best.lr.lookbackMs, 0));
      best.nextRunMs! += best.lr.intervalMs;
    }
  }

  private advanceEventTime(nowMs: number, dataBeforeMs: number): RunRecord[] {
    for (const s of this.scheduled) {
      // The first run falls on the first interval boundary after the first event.
      s.nextRunMs ??= Math.floor(nowMs / s.lr.intervalMs) * s.lr.intervalMs + s.lr.intervalMs;
    }
    const out: RunRecord[] = [];
    for (;;) {
      let best: Scheduled | undefined;
      for (const s of this.scheduled) {
        if (s.nextRunMs! > nowMs) continue;
        if (!best || s.nextRunMs! < best.nextRunMs! || (s.nextRunMs === best.nextRunMs && s.index < best.index)) best = s;
      }
      if (!best) return out;
      const runAtMs = best.nextRunMs!;
      const iv = best.lr.intervalMs;
      // A window that starts after every piece of data so far and ends before the current event is empty
      // (inputs in time order: nothing earlier can arrive), and so is every later one up to the current event:
      // hunting over recordings years apart would otherwise make millions of runs that find nothing.
      if (this.opts.skipIdleRuns && runAtMs - best.lr.lookbackMs > dataBeforeMs && runAtMs < nowMs) {
        const skipped = Math.ceil((nowMs - runAtMs) / iv);
        this.idleRunsSkipped += skipped;
        best.idleSkipped += skipped;
        best.nextRunMs = runAtMs + skipped * iv;
        continue;
      }
      out.push(this.runAt(best, runAtMs, runAtMs - best.lr.lookbackMs, 0));
      best.nextRunMs = runAtMs + iv;
    }
  }

  /** Runs skipped as idle, per rule id. */
  idleSkippedByRule(): Map<string, number> {
    return new Map(this.scheduled.map((s) => [s.lr.rule.rule_id, s.idleSkipped]));
  }

  private advanceWallClock(nowMs: number): RunRecord[] {
    const out: RunRecord[] = [];
    const maxGap = this.opts.maxGapMs ?? 86_400_000;
    for (const s of this.scheduled) {
      if (s.nextRunMs === undefined) {
        const st = this.opts.state?.get(s.lr.rule.rule_id);
        if (st) s.coveredToMs = st.coveredToMs;
        s.nextRunMs = st ? Math.min(nowMs, st.lastRunMs + s.lr.intervalMs) : nowMs;
      }
      if (nowMs < s.nextRunMs) continue;
      let fromMs = nowMs - s.lr.lookbackMs;
      let gapMs = 0;
      const warnings: string[] = [];
      if (s.coveredToMs !== undefined && s.coveredToMs < fromMs) {
        gapMs = fromMs - s.coveredToMs;
        const widened = Math.max(s.coveredToMs, nowMs - maxGap);
        warnings.push(
          `gap of ${formatDuration(Math.round(gapMs / 1000) * 1000)} since the last covered time ${new Date(s.coveredToMs).toISOString()}: window widened to ${new Date(widened).toISOString()}` +
            (widened > s.coveredToMs ? ` (older than the ${formatDuration(maxGap)} limit left uncovered)` : ''),
        );
        fromMs = widened;
        this.opts.onIssue?.(issue('OS_RULE_GAP', `${s.lr.rule.name}: ${warnings[0]}`));
      }
      out.push(this.runAt(s, nowMs, fromMs, gapMs, warnings));
      s.nextRunMs = nowMs + s.lr.intervalMs;
    }
    return out;
  }

  private runAt(s: Scheduled, runAtMs: number, fromMs: number, gapMs: number, warnings: string[] = []): RunRecord {
    const tx = this.opts.transaction;
    return tx ? tx(() => this.execute(s, runAtMs, fromMs, gapMs, warnings)) : this.execute(s, runAtMs, fromMs, gapMs, warnings);
  }

  private execute(s: Scheduled, runAtMs: number, fromMs: number, gapMs: number, warnings: string[]): RunRecord {
    const started = this.opts.perfNow?.() ?? performance.now();
    const counts: Record<WriteOutcome, number> = { created: 0, duplicate: 0, excluded: 0, suppressed: 0 };
    const lr = s.lr;
    const rule = lr.rule;
    const ctx = { rule: lr, executionMs: runAtMs };
    let matches = 0;
    let waiting = 0;
    if (rule.type === 'machine_learning') {
      const res = this.opts.anomalySource?.query({ jobIds: rule.machine_learning_job_id, fromMs, toMs: runAtMs, minScore: rule.anomaly_threshold, limit: SOURCE_CAP });
      matches = res?.total ?? 0;
      for (const rec of res?.records ?? []) {
        if (counts.created >= rule.max_signals) {
          if (!this.opts.writer.isKnown(alertId('anomaly', recordId(rec), rule.rule_id))) waiting++;
          continue;
        }
        const ev = rec.explanation.event_ids.map((id) => this.opts.eventLookup?.(id)).find((e) => e !== undefined);
        counts[this.opts.writer.write(buildAnomalyAlert(rec, ctx, ev), lr)]++;
      }
    } else {
      const hits = s.matches!.range(fromMs, runAtMs);
      matches = hits.length;
      for (const { ev } of hits) {
        const doc = buildEventAlert(ev, ctx);
        if (counts.created >= rule.max_signals) {
          if (!this.opts.writer.isKnown(doc.kibana.alert.uuid)) waiting++;
          continue;
        }
        counts[this.opts.writer.write(doc, lr)]++;
      }
    }
    if (waiting > 0) {
      const w = `max_signals (${rule.max_signals}) reached: ${waiting} more new match${waiting === 1 ? '' : 'es'} left for the next run`;
      warnings.push(w);
      this.opts.onIssue?.(issue('OS_RULE_MAX_SIGNALS', `${rule.name} at ${new Date(runAtMs).toISOString()}: ${w}`));
    }
    s.coveredToMs = Math.max(s.coveredToMs ?? runAtMs, runAtMs);
    s.runs++;
    // Query matches older than every future window are no longer needed.
    s.matches?.prune(runAtMs + lr.intervalMs - lr.lookbackMs);
    if (this.opts.mode === 'wall-clock') this.opts.state?.set(rule.rule_id, runAtMs, s.coveredToMs);
    const run: RunRecord = {
      ruleId: rule.rule_id,
      ruleName: rule.name,
      mode: this.opts.mode,
      runAtMs,
      fromMs,
      toMs: runAtMs,
      matches,
      alertsCreated: counts.created,
      duplicates: counts.duplicate,
      excluded: counts.excluded,
      suppressed: counts.suppressed,
      gapMs,
      warnings,
      durationMs: (this.opts.perfNow?.() ?? performance.now()) - started,
    };
    this.opts.runLog?.record(run);
    return run;
  }
}
