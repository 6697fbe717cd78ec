import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db.js';
import { applyRenormalized, queryRecords, upsertRecords } from './record-store.js';
import type { AnomalyRecord } from './types.js';

function rec(job: string, ts: number, user: string, score: number, interim = false): AnomalyRecord {
  return {
    job_id: job, result_type: 'record', timestamp: ts, bucket_span: 900, detector_index: 0, is_interim: interim,
    probability: 0.001, record_score: score, initial_record_score: score, function: 'rare', function_description: 'rare',
    by_field_name: 'process.name', by_field_value: 'x.exe', partition_field_name: 'user.name', partition_field_value: user,
    influencers: [], scorer: 'elastic_rare',
    explanation: { first_occurrence: true, category_buckets: 0, entity_buckets: 10, other_entities_with_category: 0, entities_total: 3, event_ids: [], summary: '' },
  };
}

describe('record store', () => {
  const db = openDb(':memory:');
  upsertRecords(db, [
    rec('j1', 0, 'a', 80),
    rec('j1', 900_000, 'b', 90),
    rec('j1', 1_800_000, 'c', 40),
    rec('j2', 900_000, 'd', 99),
    rec('j1', 2_700_000, 'e', 95, true),
  ]);

  it('queries by job, time range and score, highest first, with the total', () => {
    const r = queryRecords(db, { jobIds: ['j1'], fromMs: 0, toMs: 2_700_000, minScore: 50 });
    expect(r.total).toBe(2);
    expect(r.records.map((x) => x.partition_field_value)).toEqual(['b', 'a']);
    const limited = queryRecords(db, { jobIds: ['j1', 'j2'], limit: 2 });
    expect(limited.total).toBe(4);
    expect(limited.records.map((x) => x.partition_field_value)).toEqual(['d', 'b']);
    expect(queryRecords(db, { jobIds: ['j1'], includeInterim: true, minScore: 91 }).records.map((x) => x.partition_field_value)).toEqual(['e']);
    expect(queryRecords(db, { jobIds: [] }).total).toBe(0);
  });

  it('applies renormalised scores, keeping initial_record_score', () => {
    const changed = { ...rec('j1', 900_000, 'b', 90), record_score: 12 };
    expect(applyRenormalized(db, [changed])).toBe(1);
    const r = queryRecords(db, { jobIds: ['j1'], fromMs: 900_000, toMs: 900_001 });
    expect(r.records[0].record_score).toBe(12);
    expect(r.records[0].initial_record_score).toBe(90);
    expect(queryRecords(db, { jobIds: ['j1'], minScore: 50 }).total).toBe(1);
  });

  it('a final record replaces the interim one of the same identity', () => {
    upsertRecords(db, [rec('j1', 2_700_000, 'e', 70)]);
    const r = queryRecords(db, { jobIds: ['j1'], fromMs: 2_700_000 });
    expect(r.records.map((x) => [x.is_interim, x.record_score])).toEqual([[false, 70]]);
  });
});
