// Per-rule settings an analyst changes at run time (enabled, the anomaly threshold of a machine_learning rule),
// kept in SQLite beside the rule files rather than in them: the files stay as shipped or imported, and a
// setting survives restarts. The engine is built from `applyRuleSettings(loadedRules, store.all())`.

import type { Db } from '../store/db.js';
import { migrate, type Migration } from '../store/migrate.js';
import type { LoadedRule } from './schema.js';

export interface RuleSetting {
  rule_id: string;
  /** Absent: as the rule file says. */
  enabled?: boolean;
  /** Absent: as the rule file says. Only machine_learning rules have one. */
  anomaly_threshold?: number;
  updated_at: string;
}

export interface RuleSettingPatch {
  enabled?: boolean;
  /** null removes the override. */
  anomaly_threshold?: number | null;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'per-rule enabled flag and anomaly threshold overrides',
    up: `CREATE TABLE rule_settings (
      rule_id TEXT PRIMARY KEY,
      enabled INTEGER,
      anomaly_threshold REAL,
      updated_at TEXT NOT NULL
    )`,
  },
];

interface Row {
  rule_id: string;
  enabled: number | null;
  anomaly_threshold: number | null;
  updated_at: string;
}

function fromRow(r: Row): RuleSetting {
  return {
    rule_id: r.rule_id,
    ...(r.enabled !== null ? { enabled: r.enabled === 1 } : {}),
    ...(r.anomaly_threshold !== null ? { anomaly_threshold: r.anomaly_threshold } : {}),
    updated_at: r.updated_at,
  };
}

export class RuleSettingsStore {
  constructor(private readonly db: Db) {
    migrate(db, 'rule-settings', MIGRATIONS);
  }

  get(ruleId: string): RuleSetting | undefined {
    const r = this.db.prepare('SELECT * FROM rule_settings WHERE rule_id = ?').get(ruleId) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  all(): Map<string, RuleSetting> {
    const rows = this.db.prepare('SELECT * FROM rule_settings ORDER BY rule_id').all() as Row[];
    return new Map(rows.map((r) => [r.rule_id, fromRow(r)]));
  }

  /** Merges a change into the rule's settings and returns them. */
  set(ruleId: string, patch: RuleSettingPatch, atIso: string): RuleSetting {
    const cur = this.get(ruleId);
    const enabled = patch.enabled !== undefined ? patch.enabled : cur?.enabled;
    const threshold = patch.anomaly_threshold !== undefined ? patch.anomaly_threshold : cur?.anomaly_threshold;
    this.db
      .prepare(
        `INSERT INTO rule_settings (rule_id, enabled, anomaly_threshold, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(rule_id) DO UPDATE SET enabled = excluded.enabled, anomaly_threshold = excluded.anomaly_threshold, updated_at = excluded.updated_at`,
      )
      .run(ruleId, enabled === undefined ? null : enabled ? 1 : 0, threshold ?? null, atIso);
    return this.get(ruleId)!;
  }
}

/**
 * The rules with their settings applied: new objects (the inputs are not changed), same order, disabled rules
 * kept with `enabled: false` (the executor skips them, listings still show them). A threshold override
 * applies to machine_learning rules only.
 */
export function applyRuleSettings(rules: readonly LoadedRule[], settings: ReadonlyMap<string, RuleSetting>): LoadedRule[] {
  return rules.map((lr) => {
    const s = settings.get(lr.rule.rule_id);
    if (!s) return lr;
    const rule = { ...lr.rule };
    if (s.enabled !== undefined) rule.enabled = s.enabled;
    if (s.anomaly_threshold !== undefined && rule.type === 'machine_learning') rule.anomaly_threshold = s.anomaly_threshold;
    return { ...lr, rule };
  });
}
