// Anomaly records in SQLite, keyed by recordId: inserted when a bucket closes, record_score updated on
// renormalisation (initial_record_score never changes), and queried the way the ML rule executor needs.

import type { Database } from 'better-sqlite3';
import { migrateRarity } from './migrations.js';
import { recordId, type AnomalyRecord } from './types.js';

export function ensureRecordStore(db: Database): void {
  migrateRarity(db);
}

/** Inserts or replaces records (a final record replaces an interim one of the same identity). */
export function upsertRecords(db: Database, records: readonly AnomalyRecord[]): void {
  if (!records.length) return;
  ensureRecordStore(db);
  const put = db.prepare(`INSERT INTO anomaly_records (record_id, job_id, timestamp, record_score, initial_record_score, is_interim, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (record_id) DO UPDATE SET record_score = excluded.record_score, initial_record_score = excluded.initial_record_score,
      is_interim = excluded.is_interim, doc = excluded.doc`);
  db.transaction(() => {
    for (const r of records) put.run(recordId(r), r.job_id, r.timestamp, r.record_score, r.initial_record_score, r.is_interim ? 1 : 0, JSON.stringify(r));
  })();
}

/** Applies renormalised scores: only record_score (and the stored document's copy of it) change. */
export function applyRenormalized(db: Database, records: readonly AnomalyRecord[]): number {
  if (!records.length) return 0;
  ensureRecordStore(db);
  const get = db.prepare('SELECT doc FROM anomaly_records WHERE record_id = ?');
  const upd = db.prepare('UPDATE anomaly_records SET record_score = ?, doc = ? WHERE record_id = ?');
  let n = 0;
  db.transaction(() => {
    for (const r of records) {
      const id = recordId(r);
      const row = get.get(id) as { doc: string } | undefined;
      if (!row) continue;
      const doc = JSON.parse(row.doc) as AnomalyRecord;
      doc.record_score = r.record_score;
      n += upd.run(r.record_score, JSON.stringify(doc), id).changes;
    }
  })();
  return n;
}

export interface RecordQuery {
  jobIds?: readonly string[];
  /** Bucket timestamps from (inclusive)… */
  fromMs?: number;
  /** …to (exclusive), epoch ms. */
  toMs?: number;
  minScore?: number;
  /** Records about this user: the partition, over or by field when that field is user.name. */
  user?: string;
  limit?: number;
  offset?: number;
  /** Interim records are excluded unless this is true. */
  includeInterim?: boolean;
}

/** Records matching the query, highest record_score first (ties: older first, then id), with the total count. */
export function queryRecords(db: Database, q: RecordQuery): { total: number; records: AnomalyRecord[] } {
  ensureRecordStore(db);
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (q.jobIds) {
    if (!q.jobIds.length) return { total: 0, records: [] };
    where.push(`job_id IN (${q.jobIds.map(() => '?').join(',')})`);
    args.push(...q.jobIds);
  }
  if (q.fromMs !== undefined) {
    where.push('timestamp >= ?');
    args.push(q.fromMs);
  }
  if (q.toMs !== undefined) {
    where.push('timestamp < ?');
    args.push(q.toMs);
  }
  if (q.minScore !== undefined) {
    where.push('record_score >= ?');
    args.push(q.minScore);
  }
  if (q.user !== undefined) {
    where.push(
      `((json_extract(doc, '$.partition_field_name') = 'user.name' AND json_extract(doc, '$.partition_field_value') = ?)
        OR (json_extract(doc, '$.over_field_name') = 'user.name' AND json_extract(doc, '$.over_field_value') = ?)
        OR (json_extract(doc, '$.by_field_name') = 'user.name' AND json_extract(doc, '$.by_field_value') = ?))`,
    );
    args.push(q.user, q.user, q.user);
  }
  if (!q.includeInterim) where.push('is_interim = 0');
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM anomaly_records ${clause}`).get(...args) as { n: number }).n;
  const limit = q.limit ?? -1;
  const rows = db
    .prepare(`SELECT doc FROM anomaly_records ${clause} ORDER BY record_score DESC, timestamp ASC, record_id ASC LIMIT ? OFFSET ?`)
    .all(...args, limit, q.offset ?? 0) as Array<{ doc: string }>;
  return { total, records: rows.map((r) => JSON.parse(r.doc) as AnomalyRecord) };
}
