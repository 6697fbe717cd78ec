// A validated JobConfig turned into what the hot path needs: millisecond spans, compiled field readers,
// the feed predicate and the job's scorer.

import type { JobConfig } from './job-config.js';
import { parseDuration } from './job-config.js';
import { FieldSlots } from './event-frame.js';
import { compileField, eventPathsOf, type Accessor } from './fields.js';
import { countPerSampleFor, decayRateFor } from './normalizer.js';
import { HighSumScorer } from './scorers/high-sum.js';
import { NewTermsScorer } from './scorers/new-terms.js';
import { RareScorer } from './scorers/rare.js';
import type { Scorer } from './scorers/types.js';

export interface CompiledJob {
  config: JobConfig;
  id: string;
  fn: 'rare' | 'high_sum' | 'new_terms';
  spanMs: number;
  latencyMs: number;
  windowMs: number;
  decayRate: number;
  countPerSample: number;
  /** The fields and filters below are slots of `slots` (shared by the jobs of one runner); −1 when absent. */
  slots: FieldSlots;
  filter: number;
  /** history_feed "all": events that only build history (must_not still applies). */
  historyFilter: number;
  partitionField?: string;
  byField: string;
  valueField?: string;
  partition: number;
  by: number;
  value: number;
  influencerNames: string[];
  influencers: Accessor[];
  /** Every influencer is a document field: a kept event with `projected` values needs nothing else (bucket.ts). */
  influencersProjectable: boolean;
  makeScorer(): Scorer;
}

const DAY_MS = 86_400_000;

export function compileJob(config: JobConfig, slots: FieldSlots = new FieldSlots()): CompiledJob {
  const det = config.analysis_config.detectors[0];
  const spanMs = parseDuration(config.analysis_config.bucket_span)!;
  const spanS = spanMs / 1000;
  const decayRate = decayRateFor(spanS);
  const windowMs = config.renormalization_window_days !== undefined
    ? config.renormalization_window_days * DAY_MS
    : Math.max(30 * DAY_MS, 100 * spanMs);
  const fields = { partitionField: det.partition_field_name, byField: det.by_field_name };
  const opts = config.model;
  const makeScorer = (): Scorer => {
    if (det.function === 'high_sum') {
      return new HighSumScorer({ decayRate, zeroBucketCap: opts.zero_bucket_cap, minHistoryBuckets: opts.min_history_buckets }, fields);
    }
    if (det.function === 'new_terms') {
      return new NewTermsScorer(Math.round(parseDuration(config.history_window)! / spanMs), fields);
    }
    return new RareScorer(
      { mode: config.scorer, decayRate, pruneFloor: opts.prune_floor, populationWeight: opts.population_weight, populationMinPrior: opts.population_min_prior },
      fields,
    );
  };
  return {
    config,
    id: config.job_id,
    fn: det.function,
    spanMs,
    latencyMs: parseDuration(config.latency)!,
    windowMs,
    decayRate,
    countPerSample: countPerSampleFor(spanS),
    slots,
    filter: slots.feedFilter(config.datafeed_config.filter, config.datafeed_config.must_not),
    historyFilter: config.history_feed === 'all' && det.function === 'rare' ? slots.feedFilter([], config.datafeed_config.must_not) : -1,
    partitionField: det.partition_field_name,
    byField: det.by_field_name,
    valueField: det.field_name,
    partition: det.partition_field_name ? slots.field(det.partition_field_name) : -1,
    by: slots.field(det.by_field_name),
    value: det.field_name ? slots.field(det.field_name) : -1,
    influencerNames: config.analysis_config.influencers,
    influencers: config.analysis_config.influencers.map(compileField),
    influencersProjectable: config.analysis_config.influencers.every((p) => eventPathsOf(p).length > 0),
    makeScorer,
  };
}
