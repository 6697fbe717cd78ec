import { describe, expect, it } from 'vitest';
import { incompleteBeta, inverseIncompleteBeta, logGamma } from './beta.js';

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
/** P(Bin(n, p) ≥ k), summed term by term in log space: I_p(k, n − k + 1) equals it for integer k. */
function binomialTail(n: number, k: number, p: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) s += Math.exp(logChoose(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p));
  return s;
}

describe('logGamma', () => {
  it('matches factorials and Γ(1/2)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
  });
});

describe('incompleteBeta', () => {
  it('matches closed forms', () => {
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 14);
    expect(incompleteBeta(0.3, 1, 7)).toBeCloseTo(1 - 0.7 ** 7, 14);
    expect(incompleteBeta(0.3, 4, 1)).toBeCloseTo(0.3 ** 4, 14);
    expect(incompleteBeta(0.3, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.3)), 13);
    expect(incompleteBeta(0.5, 37.5, 37.5)).toBeCloseTo(0.5, 13);
    expect(incompleteBeta(0, 2, 2)).toBe(0);
    expect(incompleteBeta(1, 2, 2)).toBe(1);
  });

  it('matches binomial tails, including large and skewed parameters', () => {
    for (const [n, k, p] of [
      [20, 3, 0.1],
      [200, 50, 0.2],
      [5002, 3, 0.0004],
      [3000, 1500, 0.51],
    ] as const) {
      const want = binomialTail(n, k, p);
      expect(Math.abs(incompleteBeta(p, k, n - k + 1) - want) / want).toBeLessThan(1e-11);
    }
  });
});

describe('inverseIncompleteBeta', () => {
  it('inverts I_x for small, large and skewed parameters', () => {
    for (const [a, b] of [
      [1, 1],
      [0.5, 0.5],
      [2, 3],
      [1, 4999],
      [3, 997],
      [50, 5000],
      [0.2, 30],
      [900, 100],
    ] as const) {
      for (const q of [1e-6, 1 / 7, 2 / 7, 0.5, 6 / 7, 0.999999]) {
        const x = inverseIncompleteBeta(q, a, b);
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(1);
        // Near 1 the representable x are too coarse for an absolute 1e-12 on I_x, so compare the upper tail there.
        const tol = q > 0.99 ? 1e-3 * (1 - q) : 1e-12 + 1e-10 * q;
        expect(Math.abs(incompleteBeta(x, a, b) - q)).toBeLessThan(tol);
      }
    }
  });

  it('has the known median of Beta(2, 2) and quantiles of Beta(1, b)', () => {
    expect(inverseIncompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 14);
    // I_x(1, b) = 1 − (1 − x)^b  ⇒  x = 1 − (1 − q)^(1/b)
    expect(inverseIncompleteBeta(0.25, 1, 9)).toBeCloseTo(1 - 0.75 ** (1 / 9), 14);
  });
});
