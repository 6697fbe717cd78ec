// Versioned migrations, kept per component so that each stage owns its tables
// (read/normalize own `events`, rarity owns its state, rules own alerts…) without one shared list to edit.

import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3… within the component; applied in order, each exactly once. */
  version: number;
  description: string;
  up: string | ((db: Database) => void);
}

export function migrate(db: Database, component: string, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version))`);
  const row = db
    .prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations WHERE component = ?')
    .get(component) as { v: number };
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  let applied = 0;
  for (const m of sorted) {
    if (m.version <= row.v) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.prepare('INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (?, ?, ?, ?)')
        .run(component, m.version, m.description, new Date().toISOString());
    })();
    applied++;
  }
  return applied;
}

export function schemaVersion(db: Database, component: string): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return 0;
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations WHERE component = ?').get(component) as {
    v: number;
  };
  return row.v;
}
