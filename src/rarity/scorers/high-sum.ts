// `high_sum(field) by entity`: per entity a decayed model of the per-bucket sum. Empty buckets after the
// entity's last data count as zero sums (up to a cap, applied lazily in closed form when the entity returns),
// non-zero sums are modelled log-normally. P(sum ≥ observed) = P(non-zero) · P(log-normal ≥ observed).
// Scored against history before this bucket, then the model takes the bucket in.

import type { EntityCell, OpenBucket } from '../bucket.js';
import { MAX_ANOMALOUS_PROBABILITY, rawScore } from '../math/anomaly-score.js';
import { fmt, type BucketResult, type Scorer, type ScorerNames } from './types.js';

/** Columns per entity: zero-bucket weight, non-zero weight, Σ ln s, Σ ln² s, Σ s, last bucket, first bucket. */
const Z = 0;
const W = 1;
const L1 = 2;
const L2 = 3;
const S = 4;
const LAST = 5;
const FIRST = 6;
const WIDTH = 7;
/** Spread floor on the log scale: two nearly equal sums must not make a slightly larger one look extreme. */
const SIGMA_FLOOR = 0.35;

export interface HighSumOptions {
  decayRate: number;
  zeroBucketCap: number;
  minHistoryBuckets: number;
}

/** Upper tail of the standard normal (Numerical Recipes erfc, relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = z / Math.SQRT2;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.5 * ax);
  const erfc =
    t *
    Math.exp(
      -ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return 0.5 * (x >= 0 ? erfc : 2 - erfc);
}

export interface HighSumSnapshot {
  keys: string[];
  cols: Float64Array;
}

export class HighSumScorer implements Scorer {
  readonly name = 'elastic_high_sum';
  readonly normalized = true;
  private models = new Map<string, Float64Array>();

  constructor(
    private readonly opts: HighSumOptions,
    private readonly fields: ScorerNames,
  ) {}

  close(bucket: OpenBucket, entities: readonly EntityCell[], dryRun: boolean): BucketResult {
    const result: BucketResult = { raws: [], scopes: [], candidates: [] };
    const f = Math.exp(-this.opts.decayRate);
    const idx = bucket.index;
    for (const ent of entities) {
      const key = ent.partition ? `${ent.partition}\u0000${ent.by}` : ent.by;
      const stored = this.models.get(key);
      const first = !stored;
      const m = stored ? (dryRun ? stored.slice() : stored) : new Float64Array(WIDTH);
      if (first) {
        m[LAST] = idx - 1;
        m[FIRST] = idx;
        if (!dryRun) this.models.set(key, m);
      }
      // Lazily apply the empty buckets since the entity's last data: each adds a zero sum, then decays.
      const zeros = Math.min(Math.max(0, idx - m[LAST] - 1), this.opts.zeroBucketCap);
      if (zeros > 0) {
        const fz = Math.pow(f, zeros);
        m[Z] = m[Z] * fz + (f * (1 - fz)) / (1 - f);
        m[W] *= fz;
        m[L1] *= fz;
        m[L2] *= fz;
        m[S] *= fz;
      }
      const s = ent.sum;
      const history = m[Z] + m[W];
      let p = 1;
      if (s > 0 && history >= this.opts.minHistoryBuckets) {
        const pNonZero = (m[W] + 0.5) / (history + 1);
        if (m[W] >= 1) {
          const mu = m[L1] / m[W];
          const variance = Math.max(0, m[L2] / m[W] - mu * mu);
          // Parameter uncertainty widens the spread when the non-zero history is short.
          const sigma = Math.sqrt(variance + SIGMA_FLOOR * SIGMA_FLOOR + 1 / m[W]);
          p = pNonZero * normalUpperTail((Math.log(s) - mu) / sigma);
        } else p = pNonZero;
      }
      p = Math.max(p, 1e-300);
      const raw = rawScore(p);
      result.raws.push(raw);
      if (raw > 0) result.scopes.push([key, raw]);
      if (p < MAX_ANOMALOUS_PROBABILITY) {
        const typical = m[W] > 0 ? m[S] / m[W] : 0;
        const ef = this.fields.byField;
        result.candidates.push({
          entity: ent,
          cell: ent,
          probability: p,
          raw,
          scope: key,
          typical: [typical],
          actual: [s],
          explanation: {
            first_occurrence: m[W] === 0,
            category_buckets: m[W],
            entity_buckets: history,
            other_entities_with_category: entities.length - 1,
            entities_total: this.models.size,
            summary: `sum ${fmt(s)} over ${ent.count} events for ${ef} "${ent.by}"; typical non-empty bucket sum ${typical.toFixed(2)}, ` +
              `non-empty in ${fmt(m[W])} of ${fmt(history)} buckets of history (decayed); p=${p.toPrecision(3)}`,
          },
        });
      }
      if (s > 0) {
        const ls = Math.log(s);
        m[W] = (m[W] + 1) * f;
        m[L1] = (m[L1] + ls) * f;
        m[L2] = (m[L2] + ls * ls) * f;
        m[S] = (m[S] + s) * f;
        m[Z] *= f;
      }
      m[LAST] = idx;
    }
    return result;
  }

  stats(): Record<string, number> {
    return { entities: this.models.size };
  }

  snapshot(): HighSumSnapshot {
    const keys = [...this.models.keys()];
    const cols = new Float64Array(keys.length * WIDTH);
    keys.forEach((k, i) => cols.set(this.models.get(k)!, i * WIDTH));
    return { keys, cols };
  }

  restore(raw: unknown): void {
    const s = raw as HighSumSnapshot;
    this.models = new Map(s.keys.map((k, i) => [k, s.cols.slice(i * WIDTH, (i + 1) * WIDTH)]));
  }
}
