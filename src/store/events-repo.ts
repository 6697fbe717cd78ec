// Process events kept for investigation (the alert detail needs the user's history around an alert).
// Stored as JSON documents with a few indexed columns; inserted in one transaction per batch.
// Write cost (bench/store.ts): each commit rewrites every index leaf page the batch touched (the per-user, per-host
// and per-process indexes get one insertion point per user/host/process in the batch), so a larger batch per
// call is the cheapest speed-up a caller has; the table itself is append-only.
// Every index has a reader: user+time (find, alert focus and timeline), host+time (find, process tree), time
// (oldest event, rule replay, retention), process+user NOCASE (a process's history). The unique text key is cheap
// for file-derived keys: they arrive nearly in key order, so a batch touches few key pages; an integer hash key
// measured no faster for them (its inserts land at random) and would need a table rebuild of existing databases.

import type { Db } from './db.js';
import { migrate } from './migrate.js';
import type { NormalizedEvent } from '../normalize/process-event.js';
import { toStoredRow, type EncodedRow, type StoredRow, type Utf8Text } from './stored-row.js';

export { eventKey, toStoredRow, type EncodedRow, type StoredRow, type Utf8Text } from './stored-row.js';

const MIGRATIONS = [
  {
    version: 1,
    description: 'events kept for investigation',
    up: `CREATE TABLE events (
      id INTEGER PRIMARY KEY,
      event_key TEXT NOT NULL UNIQUE,
      time_ms INTEGER NOT NULL,
      host_name TEXT,
      user_name TEXT,
      process_name TEXT,
      parent_name TEXT,
      shape TEXT NOT NULL,
      source TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX events_user_time ON events (user_name, time_ms);
    CREATE INDEX events_host_time ON events (host_name, time_ms);
    CREATE INDEX events_time ON events (time_ms);`,
  },
  {
    version: 2,
    description: "a process's history per user and across users (alert investigation)",
    up: `CREATE INDEX events_process_user ON events (process_name COLLATE NOCASE, user_name COLLATE NOCASE, time_ms);`,
  },
] as const;

export function migrateEvents(db: Db): void {
  migrate(db, 'events', MIGRATIONS);
}

export interface EventQuery {
  user?: string;
  host?: string;
  fromMs?: number;
  toMs?: number;
  limit?: number;
}

/** Text as a string. */
const str = (t: Utf8Text | null): string | null => (t instanceof Uint8Array ? Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('utf8') : t);

const INSERT = `INSERT OR IGNORE INTO events (event_key, time_ms, host_name, user_name, process_name, parent_name, shape, source, doc)`;

export class EventsRepo {
  private readonly insert;
  private readonly insertUtf8;
  private readonly insertMany;
  private readonly insertEncoded;

  constructor(private readonly db: Db) {
    migrateEvents(db);
    this.insert = db.prepare(`${INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Text given as UTF-8 bytes is bound as a blob and cast to text, which in a UTF-8 database takes the bytes as
    // they are (and leaves strings and NULL as they are): the stored values are the text the strings would have
    // been, with no strings made of ≈ 2 KB per event in this heap and no second UTF-8 encoding of them.
    this.insertUtf8 = db.prepare(
      `${INSERT} VALUES (CAST(? AS TEXT), ?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))`,
    );
    this.insertMany = db.transaction((rows: readonly StoredRow[]) => {
      let n = 0;
      for (const r of rows) {
        n += this.insert.run(r.key, r.timeMs, r.hostName, r.userName, r.processName, r.parentName, r.shape, r.source, r.doc).changes;
      }
      return n;
    });
    // Only a UTF-8 database takes UTF-8 bytes as its text; the store makes no other, but a file could be one.
    const utf8 = db.pragma('encoding', { simple: true }) === 'UTF-8';
    this.insertEncoded = db.transaction((rows: readonly EncodedRow[]) => {
      let n = 0;
      for (const r of rows) {
        n += utf8
          ? this.insertUtf8.run(r.key, r.timeMs, r.hostName, r.userName, r.processName, r.parentName, r.shape, r.source, r.doc).changes
          : this.insert.run(str(r.key), r.timeMs, str(r.hostName), str(r.userName), str(r.processName), str(r.parentName), str(r.shape), str(r.source), str(r.doc)).changes;
      }
      return n;
    });
  }

  /** Inserts a batch in one transaction; returns how many were new (re-reading a file stores nothing twice). */
  add(events: readonly NormalizedEvent[]): number {
    return events.length === 0 ? 0 : this.addSerialized(events.map((ev) => toStoredRow(ev)));
  }

  /**
   * Inserts rows built by `toStoredRow` (on any thread) in one transaction; returns how many were new.
   * Same rows, same result as `add` of their events.
   */
  addSerialized(rows: readonly StoredRow[]): number {
    return rows.length === 0 ? 0 : (this.insertMany(rows) as number);
  }

  /** As addSerialized, for rows whose text may come as UTF-8 bytes: the stored rows are the same. */
  addEncoded(rows: readonly EncodedRow[]): number {
    return rows.length === 0 ? 0 : (this.insertEncoded(rows) as number);
  }

  /** Deletes events older than `retentionDays` before `nowMs` (event time in batch mode, wall clock in service mode). */
  applyRetention(retentionDays: number, nowMs: number): number {
    const cutoff = nowMs - retentionDays * 86_400_000;
    return this.db.prepare('DELETE FROM events WHERE time_ms < ?').run(cutoff).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  find(q: EventQuery): Array<{ timeMs: number; doc: unknown }> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (q.user !== undefined) {
      where.push('user_name = ?');
      args.push(q.user);
    }
    if (q.host !== undefined) {
      where.push('host_name = ?');
      args.push(q.host);
    }
    if (q.fromMs !== undefined) {
      where.push('time_ms >= ?');
      args.push(q.fromMs);
    }
    if (q.toMs !== undefined) {
      where.push('time_ms <= ?');
      args.push(q.toMs);
    }
    const sql = `SELECT time_ms, doc FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY time_ms, id LIMIT ?`;
    args.push(q.limit ?? 1000);
    return (this.db.prepare(sql).all(...args) as Array<{ time_ms: number; doc: string }>).map((r) => ({
      timeMs: r.time_ms,
      doc: JSON.parse(r.doc) as unknown,
    }));
  }
}
