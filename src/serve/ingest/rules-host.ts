// The rule engine of the service: wall-clock schedule, alerts in the service database, ML rules reading the
// durable anomaly-record store. Query rules keep their matches in memory, so whenever the engine is (re)built —
// at start-up, after a crash, after a rule setting changed — the recent events are replayed into it from the
// events table: alert ids are deterministic and inserted with INSERT OR IGNORE, so a replay re-finds what was
// alerted already and creates only what a crash interrupted.

import type { Classifier } from '../../classify/classifier.js';
import type { ScoredEvent } from '../../classify/types.js';
import type { Issue } from '../../common/issues.js';
import type { ProcessEvent, SourceShape } from '../../normalize/process-event.js';
import { createRuleEngine, recordStoreSource, SqliteRuleState, type RuleEngine, type RunRecord } from '../../rules/index.js';
import type { LoadedRule } from '../../rules/schema.js';
import { ExceptionStore } from '../../rules/exception-store.js';
import { applyRuleSettings, RuleSettingsStore } from '../../rules/settings.js';
import type { Db } from '../../store/db.js';
import { migrateEvents } from '../../store/events-repo.js';
import { scoreLazily } from './scoring.js';

/** The widest gap a wall-clock run covers after downtime (the executor's default). */
export const MAX_GAP_MS = 86_400_000;
/** Most events replayed into a rebuilt engine. */
const MAX_REPLAY = 500_000;

export interface RulesHostOptions {
  db: Db;
  rules: readonly LoadedRule[];
  classifier: Classifier;
  now: () => number;
  onIssue?: (i: Issue) => void;
  onRuns?: (runs: RunRecord[]) => void;
}

export class RulesHost {
  private engine!: RuleEngine;
  private current: LoadedRule[] = [];
  private readonly settings: RuleSettingsStore;
  private readonly exceptions: ExceptionStore;
  private readonly state: SqliteRuleState;
  replayed = 0;

  constructor(private readonly opts: RulesHostOptions) {
    this.settings = new RuleSettingsStore(opts.db);
    this.exceptions = new ExceptionStore(opts.db);
    this.state = new SqliteRuleState(opts.db);
    migrateEvents(opts.db);
    this.rebuild();
  }

  rules(): readonly LoadedRule[] {
    return this.current;
  }

  /** Rebuilds the engine with the current settings and exceptions and replays recent events into it. */
  rebuild(): void {
    const { db } = this.opts;
    this.current = applyRuleSettings(this.opts.rules, this.settings.all());
    this.engine = createRuleEngine({
      db,
      rules: this.current,
      exceptions: this.exceptions.load(),
      mode: 'wall-clock',
      anomalySource: recordStoreSource(db),
      onIssue: this.opts.onIssue,
      maxGapMs: MAX_GAP_MS,
    });
    this.replayed = this.replay();
  }

  onScoredEvent(s: ScoredEvent): void {
    this.engine.onScoredEvent(s);
  }

  /** Runs every rule that is due now. */
  advance(): RunRecord[] {
    const runs = this.engine.advanceTo(this.opts.now());
    if (runs.length) this.opts.onRuns?.(runs);
    return runs;
  }

  /** The oldest event time a future run of an enabled rule can reach. */
  private replayFromMs(): number | undefined {
    const now = this.opts.now();
    let from: number | undefined;
    for (const lr of this.current) {
      if (!lr.rule.enabled) continue;
      const covered = this.state.get(lr.rule.rule_id)?.coveredToMs;
      const f = Math.max(now - MAX_GAP_MS - lr.lookbackMs, Math.min(now - lr.lookbackMs, covered ?? Infinity));
      from = from === undefined ? f : Math.min(from, f);
    }
    return from;
  }

  private replay(): number {
    const from = this.replayFromMs();
    if (from === undefined) return 0;
    const rows = this.opts.db
      .prepare('SELECT event_key, time_ms, shape, source, doc FROM events WHERE time_ms >= ? ORDER BY time_ms, id LIMIT ?')
      .iterate(from, MAX_REPLAY) as IterableIterator<{ event_key: string; time_ms: number; shape: string; source: string; doc: string }>;
    let n = 0;
    for (const r of rows) {
      const doc = JSON.parse(r.doc) as ProcessEvent & { problemchild?: unknown; oddspawn?: unknown };
      delete doc.problemchild;
      delete doc.oddspawn;
      this.engine.onScoredEvent(scoreLazily(this.opts.classifier, { event: doc, timeMs: r.time_ms, shape: r.shape as SourceShape, origin: originOfKey(r.event_key, r.source, r.time_ms) }));
      n++;
    }
    return n;
  }
}

/** The origin an event was stored under, from its key (`file:line:time`, or `id:…` with the source file). */
export function originOfKey(key: string, source: string, timeMs: number): { file: string; line?: number } {
  const suffix = `:${timeMs}`;
  if (key.startsWith('id:') || !key.endsWith(suffix)) return { file: source };
  const rest = key.slice(0, -suffix.length);
  const m = /^(.*):(\d+)$/.exec(rest);
  if (!m) return { file: rest };
  const line = Number(m[2]);
  return line > 0 ? { file: m[1], line } : { file: m[1] };
}
