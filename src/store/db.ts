// Opens the SQLite store: WAL for concurrent readers (the UI) beside one writer (the pipeline),
// and NORMAL sync because WAL already makes a crash lose at most the last transactions, never corrupt: an
// acceptable trade for a store that a batch run can rebuild by re-reading its inputs (no fsync per commit; the
// WAL is synced only at checkpoints).
//
// Page size and cache, measured with bench/store.ts: an event row is ~2 KB of JSON, so a 4 KiB page holds one row
// and wastes nearly half of itself; 16 KiB pages hold ~7, which cuts the file by ~22 % and the bytes written per
// event (WAL + checkpoint) with it. page_size only takes effect when the file is created (it must come before
// WAL mode is set); databases created with 4 KiB pages keep them and work as before. A 64 MiB cache (allocated
// only as used) keeps the index pages a batch touches in memory instead of re-reading them from the OS; the
// default 2 MB holds barely more than one batch's worth of them.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OddspawnError } from '../common/issues.js';

export type Db = Database.Database;

export function openDb(path: string): Db {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (e) {
    throw new OddspawnError('OS_STORE_OPEN', `cannot open database ${path}: ${(e as Error).message}`, { file: path });
  }
}
