// Anomaly records in Elastic's shape (field order fixed, so JSON output is byte-stable).

import { extract, toInfluencers, type OpenBucket } from './bucket.js';
import type { CompiledJob } from './compile-job.js';
import type { Candidate } from './scorers/types.js';
import type { AnomalyRecord } from './types.js';

const DESCRIPTIONS: Record<CompiledJob['fn'], string> = { rare: 'rare', high_sum: 'sum', new_terms: 'new_terms' };

export function buildRecord(
  job: CompiledJob, scorerName: string, bucket: OpenBucket, c: Candidate, score: number, interim: boolean,
): AnomalyRecord {
  const ex = extract(c.cell, bucket.log, job.influencers);
  const rec: AnomalyRecord = {
    job_id: job.id,
    result_type: 'record',
    timestamp: bucket.index * job.spanMs,
    bucket_span: job.spanMs / 1000,
    detector_index: 0,
    is_interim: interim,
    probability: c.probability,
    record_score: score,
    initial_record_score: score,
    function: job.fn,
    function_description: DESCRIPTIONS[job.fn],
    influencers: toInfluencers(job.influencerNames, ex),
    scorer: scorerName,
    explanation: { ...c.explanation, event_ids: ex.ids },
  };
  if (job.fn === 'high_sum') {
    rec.field_name = job.valueField;
    rec.by_field_name = job.byField;
    rec.by_field_value = c.entity.by;
    if (job.partitionField) {
      rec.partition_field_name = job.partitionField;
      rec.partition_field_value = c.entity.partition;
    }
  } else {
    rec.by_field_name = job.byField;
    rec.by_field_value = c.category;
    rec.partition_field_name = job.partitionField;
    rec.partition_field_value = c.entity.partition;
  }
  if (c.typical) rec.typical = c.typical;
  if (c.actual) rec.actual = c.actual;
  return rec;
}
