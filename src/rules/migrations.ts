// The rules component's tables: run log, schedule state (for gap detection across restarts) and exceptions.

import type { Db } from '../store/db.js';
import { migrate, type Migration } from '../store/migrate.js';

export const RULES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'rule run log, rule schedule state, exception lists and items',
    up: `
      CREATE TABLE rule_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        mode TEXT NOT NULL,
        run_at_ms INTEGER NOT NULL,
        window_from_ms INTEGER NOT NULL,
        window_to_ms INTEGER NOT NULL,
        matches INTEGER NOT NULL,
        alerts_created INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        excluded INTEGER NOT NULL,
        suppressed INTEGER NOT NULL,
        gap_ms INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]',
        duration_ms REAL NOT NULL
      );
      CREATE INDEX rule_runs_rule_time ON rule_runs (rule_id, run_at_ms);
      CREATE TABLE rule_state (
        rule_id TEXT PRIMARY KEY,
        last_run_ms INTEGER NOT NULL,
        covered_to_ms INTEGER NOT NULL
      );
      CREATE TABLE exception_lists (
        list_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL,
        namespace_type TEXT NOT NULL,
        rule_ids TEXT
      );
      CREATE TABLE exception_items (
        item_id TEXT PRIMARY KEY,
        list_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX exception_items_list ON exception_items (list_id);
    `,
  },
  {
    version: 2,
    description: 'exception items remember when they were created',
    up: `
      ALTER TABLE exception_items ADD COLUMN created_at TEXT;
      UPDATE exception_items SET created_at = updated_at;
    `,
  },
];

export function migrateRules(db: Db): void {
  migrate(db, 'rules', RULES_MIGRATIONS);
}
