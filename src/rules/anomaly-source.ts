// Where machine_learning rules read anomaly records. The executor asks exactly what Kibana asks of
// `.ml-anomalies-*`: final records of these jobs, in this window, at or above this score, best first.

import { recordId, type AnomalyRecord } from '../rarity/types.js';

export interface AnomalyQuery {
  jobIds: readonly string[];
  /** Inclusive bounds on the record's `timestamp` (bucket start), epoch ms. */
  fromMs: number;
  toMs: number;
  minScore: number;
  limit?: number;
}

export interface AnomalyQueryResult {
  /** Matching records in all, before the limit. */
  total: number;
  /** Highest `record_score` first (ties: record id), at most `limit`. */
  records: AnomalyRecord[];
}

export interface AnomalySource {
  query(q: AnomalyQuery): AnomalyQueryResult;
}

/** The order every source must return: score descending, then identity, so runs are deterministic. */
export function compareRecords(a: AnomalyRecord, b: AnomalyRecord): number {
  if (a.record_score !== b.record_score) return b.record_score - a.record_score;
  const ia = recordId(a);
  const ib = recordId(b);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

export function matchesQuery(r: AnomalyRecord, q: AnomalyQuery): boolean {
  return (
    r.result_type === 'record' &&
    !r.is_interim &&
    q.jobIds.includes(r.job_id) &&
    r.timestamp >= q.fromMs &&
    r.timestamp <= q.toMs &&
    r.record_score >= q.minScore
  );
}

/**
 * Records held in memory, keyed by identity: adding a record again (renormalised score, interim → final)
 * replaces it. `prune` forgets records older than any window can reach.
 */
export class InMemoryAnomalySource implements AnomalySource {
  private readonly byId = new Map<string, AnomalyRecord>();

  add(r: AnomalyRecord): void {
    this.byId.set(recordId(r), r);
  }

  addAll(rs: Iterable<AnomalyRecord>): void {
    for (const r of rs) this.add(r);
  }

  get size(): number {
    return this.byId.size;
  }

  prune(beforeMs: number): void {
    for (const [id, r] of this.byId) if (r.timestamp < beforeMs) this.byId.delete(id);
  }

  query(q: AnomalyQuery): AnomalyQueryResult {
    const hits = [...this.byId.values()].filter((r) => matchesQuery(r, q)).sort(compareRecords);
    return { total: hits.length, records: q.limit === undefined ? hits : hits.slice(0, q.limit) };
  }
}
