import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { Rng } from './prng.js';
import { readFileSync } from 'node:fs';
import { parseModel } from './serialize.js';
import { pathAttribution, treeShap, treeShapUncached } from './shap.js';
import { makeDataset, row } from './test-data.js';
import { train } from './train.js';
import type { GbdtModel, TreeJson } from './types.js';

/** E[f(x) | x_S] under the cover distribution (path-dependent), by plain recursion over one tree. */
function condExpectation(t: TreeJson, n: number, x: ArrayLike<number>, S: Set<number>): number {
  const f = t.feature[n];
  if (f < 0) return t.leafValue[n];
  if (S.has(f)) {
    const v = x[f];
    const goLeft = Number.isNaN(v) ? t.missingGoesLeft[n] === 1 : v <= t.threshold[n];
    return condExpectation(t, goLeft ? t.left[n] : t.right[n], x, S);
  }
  const l = t.left[n];
  const r = t.right[n];
  return (t.cover[l] * condExpectation(t, l, x, S) + t.cover[r] * condExpectation(t, r, x, S)) / t.cover[n];
}

function value(m: GbdtModel, x: ArrayLike<number>, S: Set<number>): number {
  let s = m.baseScore;
  for (const t of m.trees) s += condExpectation(t, 0, x, S);
  return s;
}

function factorial(k: number): number {
  let p = 1;
  for (let i = 2; i <= k; i++) p *= i;
  return p;
}

/** Shapley values by enumerating every coalition of the M features. */
function bruteForceShap(m: GbdtModel, x: ArrayLike<number>): Float64Array {
  const M = m.featureNames.length;
  const phi = new Float64Array(M + 1);
  for (let mask = 0; mask < 1 << M; mask++) {
    const S = new Set<number>();
    for (let f = 0; f < M; f++) if (mask & (1 << f)) S.add(f);
    const vS = value(m, x, S);
    for (let i = 0; i < M; i++) {
      if (S.has(i)) continue;
      const w = (factorial(S.size) * factorial(M - S.size - 1)) / factorial(M);
      const Si = new Set(S);
      Si.add(i);
      phi[i] += w * (value(m, x, Si) - vS);
    }
  }
  phi[M] = value(m, x, new Set());
  return phi;
}

describe('treeShap', () => {
  it('matches brute-force Shapley values on random points, NaN included, and sums to the margin', () => {
    const tr = makeDataset(
      600,
      5,
      21,
      (rng, x) => x[0] * x[1] + (Number.isNaN(x[2]) ? 0.5 : x[2]) - x[3] + 0.3 * rng.next() > 0,
      (rng, f) => (f === 2 && rng.next() < 0.2 ? NaN : rng.next() * 2 - 1),
    );
    // deep enough that features repeat along a path (exercises UNWIND)
    const m = train(tr, { nTrees: 6, learningRate: 0.3, maxDepth: 5, maxLeaves: 12, minChildWeight: 1, lambdaL2: 1, rowSubsample: 1, colSubsample: 1, maxBins: 32, seed: 3 });
    const repeats = (t: TreeJson, n: number, seen: number[]): boolean =>
      t.feature[n] >= 0 && (seen.includes(t.feature[n]) || [t.left[n], t.right[n]].some((c) => repeats(t, c, [...seen, t.feature[n]])));
    expect(m.trees.some((t) => repeats(t, 0, []))).toBe(true);
    const cm = compile(m);
    const rng = new Rng(99);
    for (let k = 0; k < 25; k++) {
      const x = k < 15 ? row(tr, k * 7) : Float64Array.from({ length: 5 }, (_, f) => (f === 2 && rng.next() < 0.4 ? NaN : rng.next() * 2 - 1));
      const fast = treeShap(cm, x);
      const slow = bruteForceShap(m, x);
      for (let i = 0; i <= 5; i++) expect(Math.abs(fast[i] - slow[i])).toBeLessThan(1e-9);
      const sum = fast.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - cm.predictRaw(x))).toBeLessThan(1e-9);
      const path = pathAttribution(cm, x);
      expect(Math.abs(path.reduce((a, b) => a + b, 0) - cm.predictRaw(x))).toBeLessThan(1e-9);
      expect(Math.abs(path[5] - fast[5])).toBeLessThan(1e-9); // same bias
    }
  });

  it('gives the hand-computed attribution for a stump', () => {
    const stump: GbdtModel = {
      version: 1,
      objective: 'binary:logistic',
      featureNames: ['a', 'b'],
      baseScore: 0.5,
      trees: [{ feature: [1, -1, -1], threshold: [2, 0, 0], missingGoesLeft: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], leafValue: [0, -1, 3], cover: [4, 3, 1], gain: [1, 0, 0] }],
      bestIteration: 0,
      params: { nTrees: 1, learningRate: 1, maxDepth: 1, minChildWeight: 0, lambdaL2: 0, rowSubsample: 1, colSubsample: 1, maxBins: 256, seed: 0 },
      trainLog: [],
    };
    // E[tree] = (3·(−1) + 1·3)/4 = 0; bias = 0.5
    expect(Array.from(treeShap(stump, [0, 1]))).toEqual([0, -1, 0.5]);
    expect(Array.from(treeShap(stump, [0, 5]))).toEqual([0, 3, 0.5]);
    expect(Array.from(treeShap(stump, [0, NaN]))).toEqual([0, 3, 0.5]); // NaN goes right
    // one split per path: path attribution coincides with TreeSHAP
    expect(Array.from(pathAttribution(stump, [0, 1]))).toEqual([0, -1, 0.5]);
  });

  it('replays a tree’s additions for a branch pattern it saw before: the same values, bit for bit', () => {
    const tr = makeDataset(800, 6, 5, (rng, x) => x[0] * x[1] + (Number.isNaN(x[2]) ? 0.5 : x[2]) - x[3] * x[4] + 0.3 * rng.next() > 0, (rng, f) =>
      f === 2 && rng.next() < 0.2 ? NaN : rng.next() * 2 - 1,
    );
    const small = train(tr, { nTrees: 40, learningRate: 0.3, maxDepth: 5, maxLeaves: 12, minChildWeight: 1, lambdaL2: 1, rowSubsample: 1, colSubsample: 1, maxBins: 32, seed: 4 });
    // More than 31 splits in a tree: those trees are never replayed.
    const wide = train(tr, { nTrees: 8, learningRate: 0.3, maxDepth: 8, maxLeaves: 48, minChildWeight: 0, lambdaL2: 0.1, rowSubsample: 1, colSubsample: 1, maxBins: 64, seed: 4 });
    expect(wide.trees.some((t) => t.feature.filter((f) => f >= 0).length > 31)).toBe(true);
    const rng = new Rng(7);
    for (const m of [small, wide]) {
      const cm = compile(m);
      const rows: Float32Array[] = [];
      for (let k = 0; k < 300; k++) {
        // Training rows (patterns repeat), repeats of earlier rows, and fresh points with NaN and ±0.
        if (k % 3 === 0) rows.push(row(tr, k));
        else if (k % 3 === 1 && rows.length > 0) rows.push(rows[Math.floor(rng.next() * rows.length)]);
        else rows.push(Float32Array.from({ length: 6 }, (_, f) => (f === 2 && rng.next() < 0.3 ? NaN : rng.next() < 0.1 ? -0 : rng.next() * 2 - 1)));
      }
      for (const x of rows) {
        const a = treeShap(cm, x);
        const b = treeShapUncached(cm, x);
        for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i])).toBe(true);
      }
    }
  });

  it('gives the shipped model’s exact explanations with the replay, over rows near its thresholds', () => {
    const m = parseModel(JSON.stringify((JSON.parse(readFileSync(new URL('../../../models/oddspawn-classifier.json', import.meta.url), 'utf8')) as { gbdt: unknown }).gbdt));
    const cm = compile(m);
    const thresholds = new Map<number, number[]>();
    for (const t of m.trees) t.feature.forEach((f, i) => f >= 0 && (thresholds.get(f) ?? thresholds.set(f, []).get(f)!).push(t.threshold[i]));
    const rng = new Rng(11);
    const base = new Float64Array(cm.nFeatures);
    let differing = 0;
    for (let k = 0; k < 60; k++) {
      // A few features move per row, to just below, on or just above one of their thresholds: patterns repeat and vary.
      const x = Float64Array.from(base);
      for (const [f, ts] of thresholds) {
        if (rng.next() < 0.85) continue;
        const t = ts[Math.floor(rng.next() * ts.length)];
        x[f] = [t - 1e-9, t, t + 1e-9, NaN][Math.floor(rng.next() * 4)];
      }
      const a = treeShap(cm, x);
      const b = treeShapUncached(cm, x);
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
    }
    expect(differing).toBe(0);
  });
});
