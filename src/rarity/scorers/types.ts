// The contract between the job runner (bucketing, normalisation, records) and a scorer (per-entity models).

import type { Cell, EntityCell, OpenBucket } from '../bucket.js';
import type { RarityExplanation } from '../types.js';

/** A leaf result worth a record (probability below the anomalous threshold, or a new term). */
export interface Candidate {
  entity: EntityCell;
  /** The cell whose events are behind the record (the category's, or the entity's for high_sum). */
  cell: Cell;
  category?: string;
  probability: number;
  raw: number;
  scope: string;
  typical?: number[];
  actual?: number[];
  explanation: Omit<RarityExplanation, 'event_ids'>;
  /** Scorers outside the normaliser (new_terms) give their score directly. */
  fixedScore?: number;
}

export interface BucketResult {
  /** Raw score of every leaf of the bucket, in a deterministic order (feeds the normaliser's quantiles). */
  raws: number[];
  /** (scope, raw) for leaves with a raw score > 0 (feeds the per-scope maxima). */
  scopes: Array<[string, number]>;
  candidates: Candidate[];
}

export interface Scorer {
  /** "elastic_rare" | "population_rare" | "joint_rare" | "new_terms" | "elastic_high_sum". */
  readonly name: string;
  /** True when records go through the normaliser. */
  readonly normalized: boolean;
  /**
   * Scores one closed bucket. `entities` are sorted by key. With `dryRun` (interim results) no state changes.
   */
  close(bucket: OpenBucket, entities: readonly EntityCell[], dryRun: boolean): BucketResult;
  snapshot(): unknown;
  restore(s: unknown): void;
  stats(): Record<string, number>;
}

export interface ScorerNames {
  partitionField?: string;
  byField: string;
}

export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
