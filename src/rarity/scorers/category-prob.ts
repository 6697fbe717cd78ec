// ml-cpp's CMultinomialConjugate::probabilitiesOfLessLikelyCategories (two-sided), for one entity's categories:
// the mass of categories at most as likely as this one, smoothed over quantile-slice means of the category's
// Beta posterior. See elastic-reference.md §6.2 and docs/anomaly-jobs.md.

import { MAX_ANOMALOUS_PROBABILITY } from '../math/anomaly-score.js';
import { incompleteBetaLn, inverseIncompleteBeta, logBeta } from '../math/beta.js';

let order = new Int32Array(64);
let cumP = new Float64Array(64);
let curveX = new Float64Array(65);
let curveY = new Float64Array(65);

function grow(k: number): void {
  if (order.length >= k) return;
  const n = Math.max(k, order.length * 2);
  order = new Int32Array(n);
  cumP = new Float64Array(n);
  curveX = new Float64Array(n + 1);
  curveY = new Float64Array(n + 1);
}

export function betaSampleCount(a0: number): number {
  return a0 < 100 ? 7 : a0 < 1000 ? 5 : a0 < 10000 ? 3 : 1;
}

/** Quantile-slice means of Beta(a, b): n equal-probability slices, the mean of each. */
export function betaSliceMeans(a: number, b: number, n: number): number[] {
  const mean = a / (a + b);
  if (n <= 1) return [mean];
  const out: number[] = [];
  const lnB1 = logBeta(a + 1, b);
  let prevF = 0;
  for (let k = 1; k <= n; k++) {
    const x = k === n ? 1 : inverseIncompleteBeta(k / n, a, b);
    const F = k === n ? 1 : incompleteBetaLn(x, a + 1, b, lnB1);
    out.push((mean * n) * (F - prevF));
    prevF = F;
  }
  return out;
}

function interpolate(m: number, x: number): number {
  // Curve points 0..m with curveX[0] = 0 and increasing x; beyond the last point the curve is flat.
  if (x >= curveX[m]) return curveY[m];
  let lo = 0;
  let hi = m;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (curveX[mid] <= x) lo = mid;
    else hi = mid;
  }
  const x0 = curveX[lo];
  const x1 = curveX[hi];
  return x1 > x0 ? curveY[lo] + ((curveY[hi] - curveY[lo]) * (x - x0)) / (x1 - x0) : curveY[hi];
}

/**
 * A lower bound on the smoothed probability p̄, cheap enough to skip the Beta sampling for categories that
 * cannot be anomalous (their raw score is 0 either way, so results are unchanged):
 * - the top slice mean is at least the posterior mean p_i, so p̄ ≥ P_i / n;
 * - for 1 ≤ a ≤ b the median lies between mode and mean, and the floor(n/2) slices above the median all have
 *   means ≥ mode, so p̄ ≥ floor(n/2)/n · curve(1.05 · mode).
 */
function lowerBound(m: number, Pi: number, a: number, b: number, n: number): number {
  let lb = Pi / n;
  if (a >= 1 && b >= 1 && a <= b && n > 1) {
    const mode = (a - 1) / (a + b - 2);
    lb = Math.max(lb, (Math.floor(n / 2) / n) * interpolate(m, 1.05 * mode));
  }
  return lb;
}

/** For each index in `which` (positions into w[0..k)), the probability of a category at most as likely. */
export function lessLikelyProbabilities(w: Float64Array, k: number, which: ArrayLike<number>, out: Float64Array): void {
  grow(k);
  let a0 = 0;
  for (let i = 0; i < k; i++) a0 += w[i];
  // Insertion sort by (weight, index): entities hold tens of categories, where it beats a comparator sort.
  const ord = order;
  for (let i = 0; i < k; i++) {
    const wi = w[i];
    let j = i - 1;
    while (j >= 0 && w[ord[j]] > wi) {
      ord[j + 1] = ord[j];
      j--;
    }
    ord[j + 1] = i;
  }
  let m = 0;
  curveX[0] = 0;
  curveY[0] = 0;
  let cum = 0;
  for (let s = 0; s < k; ) {
    let e = s;
    let group = 0;
    const wv = w[ord[s]];
    while (e < k && w[ord[e]] === wv) group += w[ord[e++]] / a0;
    cum += group;
    for (let t = s; t < e; t++) cumP[ord[t]] = cum;
    m++;
    curveX[m] = wv / a0;
    curveY[m] = cum;
    s = e;
  }
  let pU = 0;
  for (let i = 0; i < k; i++) pU += 1 / k - w[i] / a0;
  pU = Math.max(0, pU);
  const n = betaSampleCount(a0);
  for (let j = 0; j < which.length; j++) {
    const i = which[j];
    const Pi = Math.min(1, cumP[i]);
    const a = w[i];
    const b = a0 - a;
    const bound = lowerBound(m, Pi, a, b, n);
    if (bound > MAX_ANOMALOUS_PROBABILITY) {
      out[j] = bound;
      continue;
    }
    let pBar: number;
    if (!(b > 1e-12)) pBar = interpolate(m, 1.05);
    else {
      const samples = betaSliceMeans(a, b, n);
      let s = 0;
      for (const x of samples) s += interpolate(m, 1.05 * x);
      pBar = s / samples.length;
    }
    const lb = pBar + (pBar >= pU ? pU : 0);
    const ub = pBar + pU;
    out[j] = Math.min(1, (lb + ub) / 2);
  }
}
