// Probability calibration fitted on validation predictions (Platt or isotonic), and the reliability
// curve for the model card.

import type { Calibration } from './types.js';

export function sigmoid(m: number): number {
  return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
}

/** Probability for a raw margin under a calibration (plain sigmoid when there is none). */
export function applyCalibration(cal: Calibration | undefined, margin: number): number {
  if (!cal) return sigmoid(margin);
  if (cal.kind === 'platt') return sigmoid(cal.a * margin + cal.b);
  return interpolate(cal.x, cal.y, sigmoid(margin));
}

function interpolate(xs: number[], ys: number[], p: number): number {
  const n = xs.length;
  if (n === 0) return p;
  if (p <= xs[0]) return ys[0];
  if (p >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= p) lo = mid;
    else hi = mid;
  }
  const span = xs[hi] - xs[lo];
  return span > 0 ? ys[lo] + ((ys[hi] - ys[lo]) * (p - xs[lo])) / span : ys[hi];
}

/**
 * Platt scaling: logistic regression of the label on the raw margin, with Platt's smoothed targets
 * (so a perfectly separated validation set does not drive the slope to infinity). Newton's method.
 */
export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>): Calibration {
  const n = margins.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (labels[i]) nPos++;
  const nNeg = n - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 1e-12;
    let h01 = 0;
    let h11 = 1e-12;
    for (let i = 0; i < n; i++) {
      const m = margins[i];
      const p = sigmoid(a * m + b);
      const d = p - (labels[i] ? tPos : tNeg);
      const w = p * (1 - p);
      g0 += d * m;
      g1 += d;
      h00 += w * m * m;
      h01 += w * m;
      h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 0)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-12 && Math.abs(db) < 1e-12) break;
  }
  return { kind: 'platt', a: round(a), b: round(b) };
}

/**
 * Isotonic regression (pool-adjacent-violators) of the label on sigmoid(margin). Each pooled block
 * becomes the points (min x, value) and (max x, value); between blocks the map is linear.
 */
export function fitIsotonic(margins: ArrayLike<number>, labels: ArrayLike<number>): Calibration {
  const n = margins.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => margins[i] - margins[j] || i - j);
  const bx0: number[] = [];
  const bx1: number[] = [];
  const bsum: number[] = [];
  const bw: number[] = [];
  for (const i of order) {
    const x = sigmoid(margins[i]);
    const y = labels[i] ? 1 : 0;
    const k = bx0.length - 1;
    if (k >= 0 && bx1[k] === x) {
      bsum[k] += y;
      bw[k] += 1;
    } else {
      bx0.push(x);
      bx1.push(x);
      bsum.push(y);
      bw.push(1);
    }
    // Pool while the last block's mean is not above the previous block's mean.
    while (bx0.length > 1) {
      const j = bx0.length - 1;
      if (bsum[j - 1] / bw[j - 1] < bsum[j] / bw[j]) break;
      bsum[j - 1] += bsum[j];
      bw[j - 1] += bw[j];
      bx1[j - 1] = bx1[j];
      bx0.pop();
      bx1.pop();
      bsum.pop();
      bw.pop();
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < bx0.length; k++) {
    const v = round(bsum[k] / bw[k]);
    xs.push(round(bx0[k]));
    ys.push(v);
    if (bx1[k] !== bx0[k]) {
      xs.push(round(bx1[k]));
      ys.push(v);
    }
  }
  return { kind: 'isotonic', x: xs, y: ys };
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  meanPredicted: number;
  /** Observed fraction of positives in the bin (NaN when empty). */
  fractionPositive: number;
}

/** Equal-width reliability curve over [0, 1]; probability 1 falls into the last bin. */
export function reliabilityCurve(probs: ArrayLike<number>, labels: ArrayLike<number>, bins: number): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b]++;
    sumP[b] += p;
    sumY[b] += labels[i] ? 1 : 0;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: count[b],
    meanPredicted: count[b] ? sumP[b] / count[b] : NaN,
    fractionPositive: count[b] ? sumY[b] / count[b] : NaN,
  }));
}

/** Expected calibration error of a reliability curve: count-weighted mean |predicted − observed|. */
export function expectedCalibrationError(curve: ReliabilityBin[]): number {
  let total = 0;
  let err = 0;
  for (const b of curve) {
    if (!b.count) continue;
    total += b.count;
    err += b.count * Math.abs(b.meanPredicted - b.fractionPositive);
  }
  return total ? err / total : 0;
}

function round(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(12));
}
