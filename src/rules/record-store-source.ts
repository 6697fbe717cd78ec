// Machine_learning rules reading the rarity stage's SQLite record store (what `hunt --db` and `serve` keep).

import { queryRecords } from '../rarity/record-store.js';
import type { Db } from '../store/db.js';
import { matchesQuery, type AnomalySource } from './anomaly-source.js';

export function recordStoreSource(db: Db): AnomalySource {
  return {
    query(q) {
      // The store's upper bound is exclusive; the rule window, like Kibana's, includes its end.
      const res = queryRecords(db, { jobIds: q.jobIds, fromMs: q.fromMs, toMs: q.toMs + 1, minScore: q.minScore, limit: q.limit });
      return { total: res.total, records: res.records.filter((r) => matchesQuery(r, q)) };
    },
  };
}
