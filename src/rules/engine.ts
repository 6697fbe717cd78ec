// The rules stage as one object for the pipeline: feed it scored events and anomaly records in event-time
// order, advance its clock, finish; it runs the rules, writes alerts to the store and sinks, and sums up.
//
//   const engine = createRuleEngine({ db, rules, exceptions, mode: 'event-time', sinks });
//   for each event: engine.onScoredEvent(ev); (records from the jobs) engine.onAnomalyRecord(r); engine.advanceTo(ev.timeMs)
//   const summary = await engine.finish();

import { SqliteAlertStore, MemoryAlertStore, type AlertStore } from '../alerts/store.js';
import type { AlertSink, SinkReport } from '../alerts/sinks/types.js';
import type { AlertDocument } from '../alerts/types.js';
import { AlertWriter } from '../alerts/writer.js';
import type { ScoredEvent } from '../classify/types.js';
import { issue, type Issue } from '../common/issues.js';
import type { AnomalyRecord } from '../rarity/types.js';
import type { Db } from '../store/db.js';
import { InMemoryAnomalySource, type AnomalySource } from './anomaly-source.js';
import { RecentEvents } from './buffers.js';
import { EMPTY_EXCEPTIONS, ExceptionMatcher, type ExceptionSet } from './exceptions.js';
import { RuleExecutor, type ClockMode } from './executor.js';
import { MemoryRunLog, MemoryRuleState, SqliteRuleState, SqliteRunLog, type RunLog, type RunRecord } from './run-log.js';
import type { LoadedRule } from './schema.js';

export interface RuleEngineOptions {
  /** Alerts, run log and (wall-clock) schedule state are kept here; without it, in memory. */
  db?: Db;
  /** Overrides where alerts and the run log go (e.g. a journal over the database of a pass that may be dropped). */
  alertStore?: AlertStore;
  runLog?: RunLog;
  rules: readonly LoadedRule[];
  exceptions?: ExceptionSet;
  mode: ClockMode;
  /**
   * Where ML rules read anomaly records. Absent: the engine keeps the records given to `onAnomalyRecord`
   * in memory (pruned as windows move on).
   */
  anomalySource?: AnomalySource;
  /** Finds an event behind an anomaly by id; default: the flagged events recently given to `onScoredEvent`. */
  eventLookup?: (id: string) => ScoredEvent | undefined;
  sinks?: readonly AlertSink[];
  onIssue?: (i: Issue) => void;
  /** Keep created alerts in memory for `EngineSummary.alerts` (default true in event-time mode). */
  keepAlerts?: boolean;
  /** Wall-clock mode: the widest gap a run will cover. */
  maxGapMs?: number;
  /**
   * Event-time mode with the in-memory record source: skip runs whose window holds no data (default true;
   * they cannot match anything). False executes and logs every scheduled run.
   */
  skipIdleRuns?: boolean;
}

export interface RuleSummary {
  rule_id: string;
  name: string;
  runs: number;
  matches: number;
  alerts: number;
  duplicates: number;
  excluded: number;
  suppressed: number;
  max_signals_warnings: number;
  gaps: number;
  /** Event-time runs not executed because their whole window lay in a stretch without data. */
  idle_runs_skipped: number;
}

export interface EngineSummary {
  runs: number;
  alertsCreated: number;
  duplicates: number;
  excluded: number;
  suppressed: number;
  lateEvents: number;
  idleRunsSkipped: number;
  byRule: RuleSummary[];
  sinks: SinkReport[];
  /** The alerts this engine created, in creation order (when kept). */
  alerts: AlertDocument[];
}

export interface RuleEngine {
  onScoredEvent(ev: ScoredEvent): void;
  onAnomalyRecord(r: AnomalyRecord): void;
  /** Runs every rule execution due at or before this time. Returns the runs it made. */
  advanceTo(ms: number): RunRecord[];
  /** Runs the remaining executions (event-time mode), closes the sinks, and returns the summary. */
  finish(): Promise<EngineSummary>;
  summary(): EngineSummary;
  readonly store: AlertStore;
}

export function createRuleEngine(opts: RuleEngineOptions): RuleEngine {
  const store: AlertStore = opts.alertStore ?? (opts.db ? new SqliteAlertStore(opts.db) : new MemoryAlertStore());
  const runLog: RunLog = opts.runLog ?? (opts.db ? new SqliteRunLog(opts.db) : new MemoryRunLog());
  const state = opts.mode === 'wall-clock' ? (opts.db ? new SqliteRuleState(opts.db) : new MemoryRuleState()) : undefined;
  const ruleLists = new Map(opts.rules.map((lr) => [lr.rule.rule_id, lr.rule.exceptions_list.map((l) => l.list_id)]));
  const exceptions = new ExceptionMatcher(opts.exceptions ?? EMPTY_EXCEPTIONS, ruleLists);
  const writer = new AlertWriter({ store, exceptions: exceptions.size ? exceptions : undefined, sinks: opts.sinks });
  writer.keepCreated = opts.keepAlerts ?? opts.mode === 'event-time';
  const memorySource = opts.anomalySource ? undefined : new InMemoryAnomalySource();
  const recent = opts.eventLookup ? undefined : new RecentEvents();
  const hasMl = opts.rules.some((r) => r.rule.type === 'machine_learning');

  const byRule = new Map<string, RuleSummary>(
    opts.rules.map((lr) => [
      lr.rule.rule_id,
      { rule_id: lr.rule.rule_id, name: lr.rule.name, runs: 0, matches: 0, alerts: 0, duplicates: 0, excluded: 0, suppressed: 0, max_signals_warnings: 0, gaps: 0, idle_runs_skipped: 0 },
    ]),
  );
  const tally = (runs: RunRecord[]): RunRecord[] => {
    for (const r of runs) {
      const s = byRule.get(r.ruleId)!;
      s.runs++;
      s.matches += r.matches;
      s.alerts += r.alertsCreated;
      s.duplicates += r.duplicates;
      s.excluded += r.excluded;
      s.suppressed += r.suppressed;
      if (r.gapMs > 0) s.gaps++;
      if (r.warnings.some((w) => w.startsWith('max_signals'))) s.max_signals_warnings++;
    }
    return runs;
  };

  // Prepared once: better-sqlite3's transaction() builds a wrapper (and statements) each time it is called.
  const inTransaction = opts.db?.transaction((fn: () => unknown) => fn());
  const executor = new RuleExecutor({
    rules: opts.rules,
    mode: opts.mode,
    writer,
    anomalySource: opts.anomalySource ?? memorySource,
    eventLookup: opts.eventLookup ?? ((id) => recent!.get(id)),
    runLog,
    state,
    onIssue: opts.onIssue,
    maxGapMs: opts.maxGapMs,
    transaction: inTransaction ? <T>(fn: () => T): T => inTransaction(fn) as T : undefined,
    // Only when every record passes through onAnomalyRecord can the executor know that a window is empty.
    skipIdleRuns: opts.mode === 'event-time' && memorySource !== undefined && opts.skipIdleRuns !== false,
  });

  // Records and events can be forgotten once no future window reaches them; an hour of slack covers
  // buckets that close (and records that arrive) after their events.
  const SLACK_MS = 3_600_000;
  let lastPruneMs = -Infinity;
  const prune = (): void => {
    const h = executor.horizonMs();
    if (h === undefined || h - lastPruneMs < SLACK_MS) return;
    lastPruneMs = h;
    memorySource?.prune(h - SLACK_MS);
    recent?.prune(h - SLACK_MS);
  };

  const summary = (): EngineSummary => {
    for (const [id, n] of executor.idleSkippedByRule()) byRule.get(id)!.idle_runs_skipped = n;
    const rules = [...byRule.values()];
    const sum = (k: keyof RuleSummary): number => rules.reduce((a, r) => a + (r[k] as number), 0);
    return {
      runs: sum('runs'),
      alertsCreated: sum('alerts'),
      duplicates: sum('duplicates'),
      excluded: sum('excluded'),
      suppressed: sum('suppressed'),
      lateEvents: executor.lateEvents,
      idleRunsSkipped: executor.idleRunsSkipped,
      byRule: rules,
      sinks: [],
      alerts: writer.created,
    };
  };

  let finished = false;
  return {
    store,
    onScoredEvent(ev) {
      if (recent && hasMl && ev.problemchild.prediction === 1) recent.add(ev);
      executor.onScoredEvent(ev);
    },
    onAnomalyRecord(r) {
      if (!memorySource) {
        opts.onIssue?.(issue('OS_INTERNAL', 'onAnomalyRecord called on an engine with its own anomalySource; the record is ignored'));
        return;
      }
      memorySource.add(r);
      executor.noteDataTime(r.timestamp);
    },
    advanceTo(ms) {
      const runs = tally(executor.advanceTo(ms));
      if (runs.length) prune();
      return runs;
    },
    async finish() {
      if (finished) return summary();
      finished = true;
      if (opts.mode === 'event-time') tally(executor.finish());
      const reports: SinkReport[] = [];
      for (const s of opts.sinks ?? []) {
        const rep = await s.close();
        reports.push(rep);
        if (rep.failed || rep.dropped) {
          opts.onIssue?.(issue('OS_SINK_FAILED', `${rep.sink}: ${rep.failed} failed, ${rep.dropped} dropped${rep.errors.length ? ` (${rep.errors[0]})` : ''}`));
        }
      }
      return { ...summary(), sinks: reports };
    },
    summary,
  };
}
