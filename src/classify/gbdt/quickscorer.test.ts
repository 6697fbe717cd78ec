import { describe, expect, it } from 'vitest';
import { compile, flatten, predictRawTreeWalk } from './compile.js';
import { buildQuickScorer } from './quickscorer.js';
import { makeDataset } from './test-data.js';
import { train } from './train.js';
import type { GbdtModel } from './types.js';

const COLS = 6;
// Missing values, a few-valued column (exact bin thresholds that rows hit exactly) and noise columns.
const data = makeDataset(
  3000,
  COLS,
  77,
  (rng, x) => (Number.isNaN(x[0]) ? (x[2] > 0 ? 1 : 0) : x[0] + x[1] * x[2]) + (x[3] === 2 ? 0.7 : 0) + 0.3 * rng.next() > 0.2,
  (rng, f) => (f === 0 && rng.next() < 0.2 ? NaN : f === 3 ? Math.floor(rng.next() * 4) : rng.next() * 2 - 1),
);

function model(maxLeaves: number, maxDepth: number): GbdtModel {
  return train(data, { nTrees: 20, learningRate: 0.3, maxDepth, maxLeaves, minChildWeight: 0.5, lambdaL2: 1, rowSubsample: 0.9, colSubsample: 1, maxBins: 256, seed: 3 });
}

/** Rows that sit exactly on every threshold, just above it, and odd values. */
function probeRows(m: GbdtModel): Float64Array[] {
  const rows: Float64Array[] = [];
  for (const t of m.trees)
    t.feature.forEach((f, i) => {
      if (f < 0) return;
      for (const v of [t.threshold[i], Math.fround(t.threshold[i]), t.threshold[i] + 1e-9]) {
        const x = new Float64Array(COLS).fill(0.1);
        x[f] = v;
        rows.push(x);
      }
    });
  rows.push(new Float64Array(COLS).fill(NaN), new Float64Array(COLS).fill(Infinity), new Float64Array(COLS).fill(-Infinity), new Float64Array(COLS).fill(-0));
  return rows;
}

describe('QuickScorer inference', () => {
  for (const [leaves, depth] of [
    [8, 3],
    [24, 6],
    [32, 8],
    [70, 10],
  ] as const) {
    it(`matches the tree walk bit for bit (≤ ${leaves} leaves per tree)`, () => {
      const m = model(leaves, depth);
      const maxLeaves = Math.max(...m.trees.map((t) => t.feature.filter((f) => f < 0).length));
      expect(maxLeaves).toBeGreaterThan(leaves / 2);
      const qs = buildQuickScorer(flatten(m));
      const cm = compile(m);
      for (let r = 0; r < data.rows; r++) {
        const want = predictRawTreeWalk(m, data.X, r * COLS);
        expect(qs.raw32(data.X, r * COLS)).toBe(want);
        expect(cm.predictRaw(data.X, r * COLS)).toBe(want);
      }
      for (const x of probeRows(m)) {
        expect(qs.raw64(x, 0)).toBe(predictRawTreeWalk(m, x));
        expect(qs.raw32(Float32Array.from(x), 0)).toBe(predictRawTreeWalk(m, Float32Array.from(x)));
      }
    });
  }

  it('lists only the columns some split reads', () => {
    const m = model(8, 3);
    const qs = buildQuickScorer(flatten(m));
    const used = new Set(m.trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
    expect([...qs.usedFeatures]).toEqual([...used].sort((a, b) => a - b));
  });

  it('scores a forest of single-leaf trees as the sum of its leaves', () => {
    const m = model(8, 3);
    const stumps: GbdtModel = {
      ...m,
      trees: [0.25, -0.5].map((v) => ({ feature: [-1], threshold: [0], missingGoesLeft: [0], left: [-1], right: [-1], leafValue: [v], cover: [1], gain: [0] })),
    };
    expect(buildQuickScorer(flatten(stumps)).raw64(new Float64Array(COLS), 0)).toBe(m.baseScore + 0.25 - 0.5);
  });
});
