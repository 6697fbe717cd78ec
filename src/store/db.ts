// Opens the SQLite store: WAL for concurrent readers (the UI) beside one writer (the pipeline),
// and NORMAL sync because WAL already makes a crash lose at most the last transaction, never corrupt.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OddspawnError } from '../common/issues.js';

export type Db = Database.Database;

export function openDb(path: string): Db {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (e) {
    throw new OddspawnError('OS_STORE_OPEN', `cannot open database ${path}: ${(e as Error).message}`, { file: path });
  }
}
