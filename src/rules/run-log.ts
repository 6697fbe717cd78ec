// The record of every rule execution (what `rules runs` and the UI show): when, over which window,
// how many matches, how many alerts, what went wrong, how long it took.

import type { Db } from '../store/db.js';
import { migrateRules } from './migrations.js';

export interface RunRecord {
  ruleId: string;
  ruleName: string;
  mode: 'event-time' | 'wall-clock';
  runAtMs: number;
  fromMs: number;
  toMs: number;
  matches: number;
  alertsCreated: number;
  duplicates: number;
  excluded: number;
  suppressed: number;
  /** Milliseconds of time no run covered before this one (0 when there was no gap). */
  gapMs: number;
  warnings: string[];
  durationMs: number;
}

export interface RunLog {
  record(run: RunRecord): void;
}

export class MemoryRunLog implements RunLog {
  readonly runs: RunRecord[] = [];
  record(run: RunRecord): void {
    this.runs.push(run);
  }
}

export class SqliteRunLog implements RunLog {
  private readonly stmt;
  constructor(private readonly db: Db) {
    migrateRules(db);
    this.stmt = db.prepare(
      `INSERT INTO rule_runs (rule_id, rule_name, mode, run_at_ms, window_from_ms, window_to_ms, matches, alerts_created,
        duplicates, excluded, suppressed, gap_ms, warnings, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(r: RunRecord): void {
    this.stmt.run(r.ruleId, r.ruleName, r.mode, r.runAtMs, r.fromMs, r.toMs, r.matches, r.alertsCreated, r.duplicates, r.excluded, r.suppressed, r.gapMs, JSON.stringify(r.warnings), r.durationMs);
  }

  list(opts: { ruleId?: string; limit?: number } = {}): RunRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM rule_runs ${opts.ruleId ? 'WHERE rule_id = ?' : ''} ORDER BY id DESC LIMIT ?`)
      .all(...(opts.ruleId ? [opts.ruleId] : []), opts.limit ?? 100) as Array<Record<string, unknown>>;
    return rows.map((x) => ({
      ruleId: String(x.rule_id),
      ruleName: String(x.rule_name),
      mode: x.mode as RunRecord['mode'],
      runAtMs: Number(x.run_at_ms),
      fromMs: Number(x.window_from_ms),
      toMs: Number(x.window_to_ms),
      matches: Number(x.matches),
      alertsCreated: Number(x.alerts_created),
      duplicates: Number(x.duplicates),
      excluded: Number(x.excluded),
      suppressed: Number(x.suppressed),
      gapMs: Number(x.gap_ms),
      warnings: JSON.parse(String(x.warnings)) as string[],
      durationMs: Number(x.duration_ms),
    }));
  }
}

/** Per-rule schedule state that survives restarts, so a service that was down can see the gap it left. */
export interface RuleStateStore {
  get(ruleId: string): { lastRunMs: number; coveredToMs: number } | undefined;
  set(ruleId: string, lastRunMs: number, coveredToMs: number): void;
}

export class MemoryRuleState implements RuleStateStore {
  private readonly m = new Map<string, { lastRunMs: number; coveredToMs: number }>();
  get(ruleId: string): { lastRunMs: number; coveredToMs: number } | undefined {
    return this.m.get(ruleId);
  }
  set(ruleId: string, lastRunMs: number, coveredToMs: number): void {
    this.m.set(ruleId, { lastRunMs, coveredToMs });
  }
}

export class SqliteRuleState implements RuleStateStore {
  constructor(private readonly db: Db) {
    migrateRules(db);
  }
  get(ruleId: string): { lastRunMs: number; coveredToMs: number } | undefined {
    const row = this.db.prepare('SELECT last_run_ms, covered_to_ms FROM rule_state WHERE rule_id = ?').get(ruleId) as
      | { last_run_ms: number; covered_to_ms: number }
      | undefined;
    return row ? { lastRunMs: row.last_run_ms, coveredToMs: row.covered_to_ms } : undefined;
  }
  set(ruleId: string, lastRunMs: number, coveredToMs: number): void {
    this.db
      .prepare(
        `INSERT INTO rule_state (rule_id, last_run_ms, covered_to_ms) VALUES (?, ?, ?)
         ON CONFLICT(rule_id) DO UPDATE SET last_run_ms = excluded.last_run_ms, covered_to_ms = excluded.covered_to_ms`,
      )
      .run(ruleId, lastRunMs, coveredToMs);
  }
}
