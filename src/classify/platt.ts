// Platt scaling with a guarded Newton step (backtracking on the smoothed log loss) and a weak ridge
// on the slope: on a nearly separable validation set the plain Newton iteration can overshoot into a
// slope of 1e16, which turns every probability into 0 or 1. Same Calibration shape as the engine's.

import type { Calibration } from './gbdt/index.js';

function loss(a: number, b: number, m: ArrayLike<number>, t: Float64Array, ridge: number): number {
  let l = 0.5 * ridge * a * a;
  for (let i = 0; i < m.length; i++) {
    const z = a * m[i] + b;
    // log(1 + e^z) - t z, computed stably
    l += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t[i] * z;
  }
  return l;
}

export function fitPlattGuarded(margins: ArrayLike<number>, labels: ArrayLike<number>, ridge = 1e-3): Calibration {
  const n = margins.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (labels[i]) nPos++;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (n - nPos + 2);
  const t = Float64Array.from({ length: n }, (_, i) => (labels[i] ? tPos : tNeg));
  let a = 1;
  let b = 0;
  let cur = loss(a, b, margins, t, ridge);
  for (let iter = 0; iter < 200; iter++) {
    let g0 = ridge * a;
    let g1 = 0;
    let h00 = ridge + 1e-9;
    let h01 = 0;
    let h11 = 1e-9;
    for (let i = 0; i < n; i++) {
      const m = margins[i];
      const p = 1 / (1 + Math.exp(-(a * m + b)));
      const d = p - t[i];
      const w = Math.max(p * (1 - p), 1e-12);
      g0 += d * m;
      g1 += d;
      h00 += w * m * m;
      h01 += w * m;
      h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    let step = 1;
    let next = loss(a - da, b - db, margins, t, ridge);
    while (next > cur && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db, margins, t, ridge);
    }
    if (next > cur) break;
    a -= step * da;
    b -= step * db;
    const done = Math.abs(cur - next) < 1e-10 * Math.max(1, Math.abs(cur));
    cur = next;
    if (done) break;
  }
  return { kind: 'platt', a: Number(a.toPrecision(12)), b: Number(b.toPrecision(12)) };
}
