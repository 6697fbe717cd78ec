import { describe, expect, it } from 'vitest';
import { incompleteBeta } from '../math/beta.js';
import { betaSampleCount, betaSliceMeans, lessLikelyProbabilities } from './category-prob.js';
import { CategoryTable } from '../entity-model.js';
import { PopulationPrior, populationProbabilities } from './population-prior.js';

describe('Beta quantile-slice means', () => {
  it('average to the mean and each equals the slice’s conditional mean', () => {
    const [a, b, n] = [2.5, 40, 5];
    const s = betaSliceMeans(a, b, n);
    expect(s).toHaveLength(5);
    expect(s.reduce((x, y) => x + y, 0) / n).toBeCloseTo(a / (a + b), 12);
    for (let i = 1; i < n; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
    // Slice 1 by direct numeric integration of x·pdf over [0, q_{1/5}].
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (incompleteBeta(mid, a, b) < 0.2) lo = mid;
      else hi = mid;
    }
    const steps = 20000;
    let num = 0;
    const h = lo / steps;
    // The Beta function's normalising constant cancels in num / den.
    let den = 0;
    for (let i = 0; i < steps; i++) {
      const x = (i + 0.5) * h;
      const f = Math.pow(x, a - 1) * Math.pow(1 - x, b - 1);
      num += x * f * h;
      den += f * h;
    }
    expect(s[0]).toBeCloseTo(num / den, 7);
  });

  it('uses 7, 5, 3, 1 samples by concentration', () => {
    expect([50, 500, 5000, 50000].map(betaSampleCount)).toEqual([7, 5, 3, 1]);
  });
});

describe('less-likely-categories probability', () => {
  it('is never anomalous for equally likely categories or a single one (a lower bound is returned)', () => {
    const out = new Float64Array(3);
    lessLikelyProbabilities(Float64Array.from([10, 10, 10]), 3, [0, 1, 2], out);
    expect(out[0]).toBeGreaterThan(0.035);
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBe(out[0]);
    lessLikelyProbabilities(Float64Array.from([7]), 1, [0], out);
    expect(out[0]).toBeGreaterThan(0.035);
  });

  it('skips the sampling only where the exact value is above the threshold too', () => {
    // Category 0 with a = 100 among a0 = 1000: P/n = 0.02 does not prove it, the mode bound (≈ 0.042) does.
    const w = Float64Array.from([100, 250, 300, 350]);
    const out = new Float64Array(1);
    lessLikelyProbabilities(w, 4, [0], out);
    expect(out[0]).toBeGreaterThan(0.035);
    const samples = betaSliceMeans(100, 900, 5);
    // The (p, P) curve: (0, 0) → (0.1, 0.1) → (0.25, 0.35) → …
    const curve = (x: number) => (x <= 0.1 ? x : 0.1 + ((x - 0.1) * 0.25) / 0.15);
    const exact = samples.reduce((s, x) => s + curve(1.05 * x), 0) / 5;
    expect(exact).toBeGreaterThan(0.1);
    expect(out[0]).toBeLessThanOrEqual(exact);
    // A smaller category is computed exactly: 1.05 × its mean, give or take the curve.
    lessLikelyProbabilities(Float64Array.from([30, 300, 320, 350]), 4, [0], out);
    expect(out[0]).toBeCloseTo(1.05 * 0.03, 3);
  });

  it('gives a singleton among frequent categories about 1.05 × its posterior mean', () => {
    const w = Float64Array.from([1, 140, 141, 142, 143, 144, 143]);
    const out = new Float64Array(2);
    lessLikelyProbabilities(w, 7, [0, 3], out);
    expect(out[0]).toBeCloseTo((1.05 * 1) / 854, 5);
    expect(out[1]).toBeGreaterThan(0.3);
  });
});

describe('population prior', () => {
  it('makes a category many entities hold less surprising for an entity that never had it', () => {
    const table = new CategoryTable();
    const common = table.intern('common.exe');
    const rare = table.intern('rare.exe');
    const own = table.intern('own.exe');
    table.entityCount[common] = 50;
    table.entityCount[rare] = 0;
    table.entityCount[own] = 100;
    const prior = new PopulationPrior(table);
    expect(prior.piOf(common)).toBeCloseTo(50.5 / (150 + 0.5 * 3), 12);
    // The entity: own.exe in 1000 buckets, and (this bucket) one of the two others.
    const out = new Float64Array(1);
    populationProbabilities(Int32Array.from([common, own]), Float64Array.from([1, 1000]), 2, [0], prior, 0.25, 20, out);
    const withCommon = out[0];
    populationProbabilities(Int32Array.from([rare, own]), Float64Array.from([1, 1000]), 2, [0], prior, 0.25, 20, out);
    const withRare = out[0];
    expect(withCommon).toBeGreaterThan(20 * withRare);
    expect(withRare).toBeLessThan(0.01);
  });
});
