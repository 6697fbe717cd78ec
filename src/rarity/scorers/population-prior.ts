// The organisation-wide prior of the population scorer: each category's share of (entity, category) pairs,
// smoothed with α per category plus one "never seen" pseudo-category, sorted once per bucket so that
// "mass of population categories at most this likely" is a binary search.

import type { CategoryTable } from '../entity-model.js';

const ALPHA = 0.5;

export class PopulationPrior {
  /** π per category id (categories no entity holds get the unseen share). */
  readonly pi: Float64Array;
  readonly unseen: number;
  readonly held: Uint8Array;
  private readonly sorted: Float64Array;
  private readonly prefix: Float64Array;

  constructor(table: CategoryTable) {
    const n = table.names.length;
    let total = 0;
    let known = 0;
    for (let i = 0; i < n; i++) {
      const e = table.entityCount[i];
      if (e > 0) {
        total += e;
        known++;
      }
    }
    const denom = total + ALPHA * (known + 1);
    this.unseen = ALPHA / denom;
    this.pi = new Float64Array(n);
    this.held = new Uint8Array(n);
    const vals: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = table.entityCount[i];
      if (e > 0) {
        this.pi[i] = (e + ALPHA) / denom;
        this.held[i] = 1;
        vals.push(this.pi[i]);
      } else this.pi[i] = this.unseen;
    }
    vals.push(this.unseen);
    this.sorted = Float64Array.from(vals).sort();
    this.prefix = new Float64Array(this.sorted.length + 1);
    for (let i = 0; i < this.sorted.length; i++) this.prefix[i + 1] = this.prefix[i] + this.sorted[i];
  }

  piOf(id: number): number {
    return id < this.pi.length ? this.pi[id] : this.unseen;
  }

  isHeld(id: number): boolean {
    return id < this.held.length && this.held[id] === 1;
  }

  /** Σ π over all population categories (and the unseen one) with π ≤ t. */
  massAtMost(t: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return this.prefix[lo];
  }
}

/**
 * P(category at most as likely) for the entity's categories at positions `which`, with the entity's decayed
 * shares shrunk toward the population: a'_c = w_c + κ·π_c, κ = max(minPrior, weight·a0).
 */
export function populationProbabilities(
  ids: Int32Array,
  w: Float64Array,
  k: number,
  which: ArrayLike<number>,
  prior: PopulationPrior,
  weight: number,
  minPrior: number,
  out: Float64Array,
): void {
  let a0 = 0;
  for (let i = 0; i < k; i++) a0 += w[i];
  const kappa = Math.max(minPrior, weight * a0);
  const total = a0 + kappa;
  const p = new Float64Array(k);
  for (let i = 0; i < k; i++) p[i] = (w[i] + kappa * prior.piOf(ids[i])) / total;
  for (let j = 0; j < which.length; j++) {
    const pc = p[which[j]];
    let mass = 0;
    for (let i = 0; i < k; i++) if (p[i] <= pc) mass += p[i];
    if (kappa > 0) {
      const t = (pc * total) / kappa;
      let pop = prior.massAtMost(t);
      // The entity's own categories were counted above with their smoothed share; take them out of the prior part.
      for (let i = 0; i < k; i++) {
        if (!prior.isHeld(ids[i])) continue;
        const pi = prior.piOf(ids[i]);
        if (pi <= t) pop -= pi;
      }
      mass += (kappa / total) * Math.max(0, pop);
    }
    out[j] = Math.min(1, mass);
  }
}
