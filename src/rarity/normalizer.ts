// Raw score → 0..100, as ml-cpp's CAnomalyScore::CNormalizer does it: one normaliser per detector, shared by
// all entities, holding a decaying distribution of raw scores and a decaying maximum per (partition, by) scope.
// The sketch is an exact decayed histogram of raw scores discretised ×1000 (a Fenwick tree over 0..100 000)
// instead of ml-cpp's 201-node q-digest: same knots, no approximation error, deterministic, 800 KB per detector.

import { probabilityCap } from './math/anomaly-score.js';

const DISCRETIZATION = 1000;
const SIZE = 100 * DISCRETIZATION + 1;
const NOISE_PERCENTILE = 50;
const NOISE_MULTIPLIER = 1;
const KNOTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0], [70, 1], [85, 1.2], [90, 1.5], [95, 3], [97, 20], [99, 50], [99.9, 90], [100, 100],
];
/** Knot value at the first knot at or above the noise percentile: (70, 1.0). */
const NOISE_KNOT_VALUE = 1;
const QUANTILE_DECAY_TIME = 20;
const SCOPE_FORGET_BUCKETS = 50;
export const BIG_CHANGE_FACTOR = 1.1;

export interface NormalizerSnapshot {
  tree: Float64Array;
  total: number;
  pendingMax: number;
  pendingCount: number;
  bucketsSinceAge: number;
  scopes: Array<[string, number, number]>;
}

export function discreteScore(raw: number): number {
  return Math.min(SIZE - 1, Math.max(0, Math.round(raw * DISCRETIZATION)));
}

function mapKnots(percentile: number): number {
  if (percentile <= 0) return 0;
  for (let i = 1; i < KNOTS.length; i++) {
    const [x1, y1] = KNOTS[i];
    if (percentile <= x1) {
      const [x0, y0] = KNOTS[i - 1];
      return y0 + ((y1 - y0) * (percentile - x0)) / (x1 - x0);
    }
  }
  return 100;
}

export class Normalizer {
  private tree = new Float64Array(SIZE + 1);
  private total = 0;
  private pendingMax = 0;
  private pendingCount = 0;
  private bucketsSinceAge = 0;
  /** scope → [max raw score, job bucket of its last update]. */
  private scopes = new Map<string, [number, number]>();
  /**
   * What normalize() derives from the sketch alone, kept while the sketch is unchanged (`version`): the noise
   * level, the share of zero scores and the percentile score per discrete score. A bucket's records and a
   * renormalisation pass are scored against one sketch, so these were the same for every record of the pass.
   */
  private version = 0;
  private cachedVersion = -1;
  private noise = 0;
  private f0 = 0;
  private s1ByScore = new Map<number, number>();

  constructor(
    private readonly decayRate: number,
    private readonly countPerSample: number,
  ) {}

  private add(d: number, w: number): void {
    for (let i = d + 1; i <= SIZE; i += i & -i) this.tree[i] += w;
    this.total += w;
    this.version++;
  }

  /** Weight of discrete scores ≤ d. */
  private cumulative(d: number): number {
    let s = 0;
    for (let i = Math.min(d + 1, SIZE); i > 0; i -= i & -i) s += this.tree[i];
    return s;
  }

  /** Smallest discrete score whose cumulative weight reaches `target`. */
  private search(target: number): number {
    let pos = 0;
    let rem = target;
    for (let step = 1 << 17; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= SIZE && this.tree[next] < rem) {
        pos = next;
        rem -= this.tree[next];
      }
    }
    return Math.min(pos, SIZE - 1);
  }

  get sampleWeight(): number {
    return this.total;
  }

  /**
   * Feeds one closed bucket's leaf raw scores (in a deterministic order) and updates the scope maxima.
   * Returns true when some scope's maximum grew by more than BIG_CHANGE_FACTOR (renormalisation trigger).
   */
  updateBucket(raws: ArrayLike<number>, scopes: ReadonlyArray<[string, number]>, jobBucket: number): boolean {
    for (let i = 0; i < raws.length; i++) {
      // ml-cpp samples the max of every countPerSample leaf updates into the digest.
      if (raws[i] > this.pendingMax) this.pendingMax = raws[i];
      if (++this.pendingCount >= this.countPerSample) {
        this.add(discreteScore(this.pendingMax), 1);
        this.pendingMax = 0;
        this.pendingCount = 0;
      }
    }
    if (++this.bucketsSinceAge >= QUANTILE_DECAY_TIME * this.countPerSample) {
      const f = Math.exp(-this.decayRate * this.bucketsSinceAge);
      for (let i = 1; i <= SIZE; i++) this.tree[i] *= f;
      this.total *= f;
      this.version++;
      this.bucketsSinceAge = 0;
    }
    let big = false;
    for (const [key, raw] of scopes) {
      const cur = this.scopes.get(key);
      if (!cur) {
        this.scopes.set(key, [raw, jobBucket]);
        continue;
      }
      const decayed = cur[0] * Math.exp(-2 * this.decayRate * (jobBucket - cur[1]));
      if (raw > decayed * BIG_CHANGE_FACTOR && decayed > 0) big = true;
      cur[0] = Math.max(decayed, raw);
      cur[1] = jobBucket;
    }
    for (const [key, v] of this.scopes) if (jobBucket - v[1] > SCOPE_FORGET_BUCKETS) this.scopes.delete(key);
    return big;
  }

  /** The scope's maximum raw score at `jobBucket`, decayed; undefined when forgotten. */
  scopeMax(scope: string, jobBucket: number): number | undefined {
    const cur = this.scopes.get(scope);
    if (!cur) return undefined;
    return cur[0] * Math.exp(-2 * this.decayRate * (jobBucket - cur[1]));
  }

  /** min(100, s0, s1, s2, s3) as documented in docs/anomaly-jobs.md. */
  normalize(raw: number, probability: number, scope: string, jobBucket: number): number {
    if (raw <= 0) return 0;
    if (this.total <= 0) return 0;
    const d = discreteScore(raw);
    const n = this.total;
    if (this.cachedVersion !== this.version) {
      this.noise = this.search(NOISE_PERCENTILE / 100 * n);
      this.f0 = this.cumulative(0) / n;
      this.s1ByScore.clear();
      this.cachedVersion = this.version;
    }
    // s0: signal over the noise level (median raw score), lifted when most raw scores are zero.
    const signal = ((NOISE_MULTIPLIER * 10) / DISCRETIZATION) * (d - this.noise);
    const f0 = this.f0;
    const s0 = NOISE_KNOT_VALUE * Math.max(1 + signal, 0) + 100 * Math.max(2 * Math.min((50 * (f0 + f0)) / NOISE_PERCENTILE, 1) - 1, 0);
    // s1: the score's percentile within history (below / at), each mapped through the knots, averaged.
    let s1 = this.s1ByScore.get(d);
    if (s1 === undefined) {
      const lower = (100 * (d > 0 ? this.cumulative(d - 1) : 0)) / n;
      const upper = (100 * this.cumulative(d)) / n;
      s1 = (mapKnots(Math.min(lower, 100)) + mapKnots(Math.min(upper, 100))) / 2;
      this.s1ByScore.set(d, s1);
    }
    // s2: against the largest raw score seen in this scope (a forgotten scope does not cap).
    const max = this.scopeMax(scope, jobBucket);
    const r = max === undefined || max <= 0 ? 1 : Math.min(raw / max, 1);
    const s2 = 100 * Math.min(1.5 * r, 0.5 + 0.5 * r);
    const s3 = probabilityCap(probability);
    return Math.max(0, Math.min(100, s0, s1, s2, s3));
  }

  snapshot(): NormalizerSnapshot {
    return {
      tree: this.tree.slice(),
      total: this.total,
      pendingMax: this.pendingMax,
      pendingCount: this.pendingCount,
      bucketsSinceAge: this.bucketsSinceAge,
      scopes: [...this.scopes.entries()].map(([k, v]) => [k, v[0], v[1]]),
    };
  }

  restore(s: NormalizerSnapshot): void {
    this.tree = Float64Array.from(s.tree);
    this.total = s.total;
    this.pendingMax = s.pendingMax;
    this.pendingCount = s.pendingCount;
    this.bucketsSinceAge = s.bucketsSinceAge;
    this.scopes = new Map(s.scopes.map(([k, m, b]) => [k, [m, b]]));
    this.version++;
  }
}

/** ml-cpp's decay rate per bucket: 0.0005 × min(1, span / 30 min). */
export function decayRateFor(bucketSpanS: number): number {
  return 0.0005 * Math.min(1, bucketSpanS / 1800);
}

/** Leaf updates per digest sample: 3600 / clamp(2·span, 300, 3600). */
export function countPerSampleFor(bucketSpanS: number): number {
  return Math.max(1, Math.round(3600 / Math.min(3600, Math.max(300, 2 * bucketSpanS))));
}
