// The rarity component's tables: saved job state, and anomaly records for rules and the UI.

import type { Database } from 'better-sqlite3';
import { migrate, type Migration } from '../store/migrate.js';

export const RARITY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'anomaly job state snapshots',
    up: `CREATE TABLE rarity_state (
      job_id TEXT PRIMARY KEY,
      format INTEGER NOT NULL,
      config TEXT NOT NULL,
      state BLOB NOT NULL
    )`,
  },
  {
    version: 2,
    description: 'anomaly records',
    up: `CREATE TABLE anomaly_records (
      record_id TEXT PRIMARY KEY,
      job_id TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      record_score REAL NOT NULL,
      initial_record_score REAL NOT NULL,
      is_interim INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX anomaly_records_job_time ON anomaly_records (job_id, timestamp);
    CREATE INDEX anomaly_records_score ON anomaly_records (record_score)`,
  },
];

export function migrateRarity(db: Database): void {
  migrate(db, 'rarity', RARITY_MIGRATIONS);
}
