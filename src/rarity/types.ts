// Anomaly records with Elastic's field names, so rules (and users used to Kibana) read them unchanged.

export interface Influencer {
  influencer_field_name: string;
  influencer_field_values: string[];
}

export interface RarityExplanation {
  /** First time this category (e.g. process name) was seen for this entity (e.g. user). */
  first_occurrence: boolean;
  /** Buckets of this entity's history (decayed count) in which the category appeared. */
  category_buckets: number;
  /** Buckets of this entity's history with any data. */
  entity_buckets: number;
  /** How many other entities of the same job have this category. */
  other_entities_with_category: number;
  /** Entities tracked by the job. */
  entities_total: number;
  /** Ids of the events behind the record (oddspawn event ids: "file:line" or event.id). */
  event_ids: string[];
  /** Free text for the analyst, written by the scorer. */
  summary: string;
}

export interface AnomalyRecord {
  job_id: string;
  result_type: 'record';
  /** Bucket start, epoch milliseconds (as Elastic stores it). */
  timestamp: number;
  /** Seconds. */
  bucket_span: number;
  detector_index: number;
  is_interim: boolean;
  probability: number;
  record_score: number;
  initial_record_score: number;
  function: string;
  function_description: string;
  by_field_name?: string;
  by_field_value?: string;
  partition_field_name?: string;
  partition_field_value?: string;
  over_field_name?: string;
  over_field_value?: string;
  field_name?: string;
  influencers: Influencer[];
  typical?: number[];
  actual?: number[];
  /** Scorer that produced the record: "elastic_rare" | "population_rare" | "joint_rare" | "new_terms" | "elastic_high_sum". */
  scorer: string;
  explanation: RarityExplanation;
}

/** Stable identity of a record (job, bucket, detector, partition, by-value): the basis of alert ids. */
export function recordId(r: Pick<AnomalyRecord, 'job_id' | 'timestamp' | 'bucket_span' | 'detector_index' | 'partition_field_value' | 'by_field_value' | 'over_field_value'>): string {
  return [r.job_id, 'record', r.timestamp, r.bucket_span, r.detector_index, r.partition_field_value ?? '', r.by_field_value ?? '', r.over_field_value ?? ''].join('_');
}
