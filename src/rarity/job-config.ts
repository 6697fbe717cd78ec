// Anomaly-detection jobs as data, shaped like Elastic's job + datafeed JSON (analysis_config, detectors,
// influencers, datafeed query) plus oddspawn's own choices (scorer, latency, history window).

import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(s: string): number | undefined {
  const m = DURATION.exec(s.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]];
}

const Duration = z.string().refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration like "15m", "30s", "30d"' });

/** One clause of the feed filter: the field must equal / be in / be ≥ / ≤ / exist. */
export const FieldClause = z
  .object({
    field: z.string().min(1),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z.array(z.union([z.string(), z.number()])).optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.in, c.gte, c.lte, c.exists].some((v) => v !== undefined), {
    message: 'a clause needs one of equals, in, gte, lte, exists',
  });
export type FieldClause = z.infer<typeof FieldClause>;

export const Detector = z
  .object({
    function: z.enum(['rare', 'high_sum', 'new_terms']),
    field_name: z.string().optional(),
    by_field_name: z.string().min(1),
    partition_field_name: z.string().optional(),
    detector_description: z.string().optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.function === 'high_sum' && !d.field_name) ctx.addIssue({ code: 'custom', message: 'high_sum needs field_name', path: ['field_name'] });
    if (d.function !== 'high_sum' && !d.partition_field_name)
      ctx.addIssue({ code: 'custom', message: `${d.function} needs partition_field_name (the entity)`, path: ['partition_field_name'] });
  });
export type Detector = z.infer<typeof Detector>;

export const JobConfig = z
  .object({
    job_id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -'),
    description: z.string().optional(),
    groups: z.array(z.string()).default([]),
    analysis_config: z
      .object({
        bucket_span: Duration.default('15m'),
        // One detector per job (as all six ProblemChild jobs); its detector_index is 0.
        detectors: z.array(Detector).length(1),
        influencers: z.array(z.string()).default([]),
      })
      .strict(),
    datafeed_config: z
      .object({
        filter: z.array(FieldClause).default([]),
        must_not: z.array(FieldClause).default([]),
      })
      .strict()
      .default({ filter: [], must_not: [] }),
    /** `rare` only: Elastic-compatible model or the population-smoothed one. */
    scorer: z.enum(['elastic', 'population', 'joint']).default('elastic'),
    /**
     * `rare` only: which events build each entity's history. `flagged` (Elastic): only the events the feed
     * filter lets through. `all`: every event not excluded by `must_not` — the user's whole process history —
     * while only feed-filtered events can become records. A sparse flagged feed can never make anything
     * improbable (a user with five flagged events has seen "everything" five times); the whole history can.
     */
    history_feed: z.enum(['flagged', 'all']).default('flagged'),
    /** `new_terms` only: how far back "seen before" reaches. */
    history_window: Duration.default('30d'),
    /** Records older than this (before the newest closed bucket) are no longer renormalised. Default max(30 d, 100 buckets). */
    renormalization_window_days: z.number().positive().optional(),
    /** How long after a bucket's end late events are still accepted (event time). */
    latency: Duration.default('60s'),
    model: z
      .object({
        /** Categories whose decayed bucket count falls below this are pruned. */
        prune_floor: z.number().nonnegative().default(0.01),
        /** population scorer: prior weight as a share of the entity's own history… */
        population_weight: z.number().nonnegative().default(0.25),
        /** …but never less than this many buckets (so new and quiet entities lean on the organisation). */
        population_min_prior: z.number().nonnegative().default(20),
        /** high_sum: empty buckets after an entity's last data that count as zero sums. */
        zero_bucket_cap: z.number().int().nonnegative().default(96),
        /** high_sum: decayed buckets of history before anything is scored. */
        min_history_buckets: z.number().nonnegative().default(8),
        /** Renormalise stored records every this many closed buckets (and on a big max-score change). */
        renormalize_every_buckets: z.number().int().positive().default(4),
      })
      .strict()
      .prefault({}),
    custom_settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type JobConfig = z.infer<typeof JobConfig>;
export type JobConfigInput = z.input<typeof JobConfig>;
