// A validated JobConfig turned into what the hot path needs: millisecond spans, compiled field readers,
// the feed predicate and the job's scorer.

import type { JobConfig } from './job-config.js';
import { parseDuration } from './job-config.js';
import { compileFeedFilter, compileField, type Accessor, type Predicate } from './fields.js';
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
  filter: Predicate;
  /** history_feed "all": events that only build history (must_not still applies); undefined otherwise. */
  historyFilter?: Predicate;
  partitionField?: string;
  byField: string;
  valueField?: string;
  partition?: Accessor;
  by: Accessor;
  value?: Accessor;
  influencerNames: string[];
  influencers: Accessor[];
  makeScorer(): Scorer;
}

const DAY_MS = 86_400_000;

export function compileJob(config: JobConfig): CompiledJob {
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
    filter: compileFeedFilter(config.datafeed_config.filter, config.datafeed_config.must_not),
    historyFilter: config.history_feed === 'all' && det.function === 'rare' ? compileFeedFilter([], config.datafeed_config.must_not) : undefined,
    partitionField: det.partition_field_name,
    byField: det.by_field_name,
    valueField: det.field_name,
    partition: det.partition_field_name ? compileField(det.partition_field_name) : undefined,
    by: compileField(det.by_field_name),
    value: det.field_name ? compileField(det.field_name) : undefined,
    influencerNames: config.analysis_config.influencers,
    influencers: config.analysis_config.influencers.map(compileField),
    makeScorer,
  };
}
