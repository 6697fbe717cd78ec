// The durable ingest queue: a request's normalized events become one row, committed before the request is
// answered, so an acknowledged event survives a crash. Concurrent requests share one commit (group commit:
// one fsync for every batch that arrived in the same turn of the event loop). The processing loop works
// through rows in id order, `done` events at a time, and deletes a row in the transaction that stores its
// last outputs.

import type { Db } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import type { ProcessEvent, SourceShape } from '../../normalize/process-event.js';

/** One normalized event as queued. */
export interface QueuedEvent {
  /** The canonical document. */
  e: ProcessEvent;
  /** `@timestamp` in epoch ms. */
  t: number;
  s: SourceShape;
  /** Stable source name for the event key (e.g. an Elasticsearch `_id`); default the queue row and position. */
  k?: string;
}

export interface QueueRow {
  id: number;
  source: string;
  receivedMs: number;
  /** Events of this row already processed (committed with their outputs). */
  done: number;
  events: QueuedEvent[];
}

const MIGRATIONS = [
  {
    version: 1,
    description: 'durable ingest queue',
    up: `CREATE TABLE ingest_queue (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      received_ms INTEGER NOT NULL,
      source TEXT NOT NULL,
      n INTEGER NOT NULL,
      done INTEGER NOT NULL DEFAULT 0,
      body TEXT NOT NULL
    )`,
  },
  {
    version: 2,
    description: 'rows the processing loop failed on repeatedly, kept aside',
    up: `CREATE TABLE ingest_dead (
      id INTEGER PRIMARY KEY,
      received_ms INTEGER NOT NULL,
      source TEXT NOT NULL,
      n INTEGER NOT NULL,
      done INTEGER NOT NULL,
      body TEXT NOT NULL,
      error TEXT NOT NULL,
      failed_ms INTEGER NOT NULL
    )`,
  },
];

export function migrateQueue(db: Db): void {
  migrate(db, 'serve_queue', MIGRATIONS);
}

interface Waiting {
  source: string;
  receivedMs: number;
  body: string;
  n: number;
  resolve: (id: number) => void;
  reject: (e: unknown) => void;
}

export class IngestQueue {
  /** Events waiting to be processed (sum over rows of n − done). */
  pendingEvents = 0;
  private waiting: Waiting[] = [];
  private scheduled = false;
  private readonly insert;
  private readonly insertAll;
  private readonly selectNext;
  private readonly updateDone;
  private readonly deleteRow;
  private listeners: Array<() => void> = [];

  constructor(private readonly db: Db) {
    migrateQueue(db);
    this.insert = db.prepare('INSERT INTO ingest_queue (received_ms, source, n, body) VALUES (?, ?, ?, ?)');
    this.insertAll = db.transaction((ws: Waiting[]) => ws.map((w) => Number(this.insert.run(w.receivedMs, w.source, w.n, w.body).lastInsertRowid)));
    this.selectNext = db.prepare('SELECT id, received_ms, source, done, body FROM ingest_queue WHERE id > ? ORDER BY id LIMIT 1');
    this.updateDone = db.prepare('UPDATE ingest_queue SET done = ? WHERE id = ?');
    this.deleteRow = db.prepare('DELETE FROM ingest_queue WHERE id = ?');
    const row = db.prepare('SELECT COALESCE(SUM(n - done), 0) AS p FROM ingest_queue').get() as { p: number };
    this.pendingEvents = row.p;
  }

  /** Rows not yet fully processed. */
  pendingRows(): number {
    return (this.db.prepare('SELECT COUNT(*) AS c FROM ingest_queue').get() as { c: number }).c;
  }

  onAppend(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Queues events; resolves with the row id once the row is committed (rejects if the commit fails). */
  append(source: string, events: readonly QueuedEvent[], receivedMs: number): Promise<number> {
    const body = JSON.stringify(events);
    return new Promise((resolve, reject) => {
      this.waiting.push({ source, receivedMs, body, n: events.length, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    let ids: number[];
    try {
      ids = this.insertAll(batch) as number[];
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    for (const w of batch) this.pendingEvents += w.n;
    batch.forEach((w, i) => w.resolve(ids[i]));
    for (const l of this.listeners) l();
  }

  /** The first row after `afterId` (0: the oldest), parsed. */
  next(afterId = 0): QueueRow | undefined {
    const r = this.selectNext.get(afterId) as { id: number; received_ms: number; source: string; done: number; body: string } | undefined;
    if (!r) return undefined;
    return { id: r.id, source: r.source, receivedMs: r.received_ms, done: r.done, events: JSON.parse(r.body) as QueuedEvent[] };
  }

  /** Records progress on a row (call inside the transaction that stores the outputs of those events). */
  markDone(row: QueueRow, done: number): void {
    if (done >= row.events.length) this.deleteRow.run(row.id);
    else this.updateDone.run(done, row.id);
  }

  /**
   * Moves a row the processing loop keeps failing on to `ingest_dead` (with the error), so one poison batch
   * cannot stop everything behind it. Its events stay in the database for inspection and re-queueing.
   */
  setAside(row: QueueRow, error: string, nowMs: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO ingest_dead (id, received_ms, source, n, done, body, error, failed_ms) SELECT id, received_ms, source, n, done, body, ?, ? FROM ingest_queue WHERE id = ?')
        .run(error, nowMs, row.id);
      this.deleteRow.run(row.id);
    })();
    this.pendingEvents = Math.max(0, this.pendingEvents - (row.events.length - row.done));
  }

  /** After the transaction that called markDone committed. */
  committed(events: number): void {
    this.pendingEvents = Math.max(0, this.pendingEvents - events);
  }
}
