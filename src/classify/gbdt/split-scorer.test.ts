// The split scorer memoises QuickScorer's state after a subset of the columns; its margins must be
// the tree walk's bit for bit whatever subset is called static, with the memo clearing (tiny
// capacities), rows that repeat only in their static columns, NaN, ±0, ±Infinity and trees of more
// than 32 leaves (several bitvector words per tree).

import { describe, expect, it } from 'vitest';
import { flatten, predictRawTreeWalk } from './compile.js';
import { Rng } from './prng.js';
import { buildQuickScorer, quickScorerTables } from './quickscorer.js';
import { SplitScorer } from './split-scorer.js';
import { makeDataset } from './test-data.js';
import { train } from './train.js';

const COLS = 7;
// Columns 0–3 take few values (rows repeat there); 4–6 are noisy "per-row" columns; NaN, -0 and infinities occur.
const data = makeDataset(
  2500,
  COLS,
  11,
  (rng, x) => (Number.isNaN(x[0]) ? 0.4 : x[0]) + x[1] * x[4] + (x[2] === 1 ? 0.5 : 0) - x[5] + 0.3 * rng.next() > 0.3,
  (rng, f) => {
    const u = rng.next();
    if (f < 4) return u < 0.1 ? NaN : u < 0.15 ? -0 : Math.floor(u * 4) - 1;
    return u < 0.05 ? NaN : u < 0.07 ? (u < 0.06 ? Infinity : -Infinity) : rng.next() * 4 - 2;
  },
);

describe('SplitScorer', () => {
  for (const [leaves, depth] of [
    [12, 4],
    [70, 10],
  ] as const) {
    it(`equals the tree walk for every partition of the columns (≤ ${leaves} leaves per tree)`, () => {
      const m = train(data, { nTrees: 25, learningRate: 0.3, maxDepth: depth, maxLeaves: leaves, minChildWeight: 0.2, lambdaL2: 1, rowSubsample: 0.9, colSubsample: 1, maxBins: 64, seed: 5 });
      const flat = flatten(m);
      const tables = quickScorerTables(flat);
      if (leaves > 32) expect(tables.oneWordEach).toBe(false);
      const qs = buildQuickScorer(flat);
      const rng = new Rng(9);
      const partitions: Array<(c: number) => boolean> = [() => true, () => false, (c) => c < 4, (c) => c >= 4];
      for (let k = 0; k < 4; k++) {
        const mask = rng.int(1 << COLS);
        partitions.push((c) => ((mask >>> c) & 1) === 1);
      }
      const row = new Float32Array(COLS);
      for (const isStatic of partitions) {
        for (const capacity of [1, 3, 64, 4096]) {
          const sc = new SplitScorer(tables, isStatic, capacity);
          let differ = 0;
          // Two passes: the second one hits the memo for rows whose static columns were seen.
          for (let pass = 0; pass < 2; pass++)
            for (let r = 0; r < data.rows; r++) {
              row.set(data.X.subarray(r * COLS, (r + 1) * COLS));
              const want = predictRawTreeWalk(m, row);
              if (!Object.is(sc.raw32(row, 0), want) || !Object.is(qs.raw32(row, 0), want)) differ++;
            }
          expect(differ).toBe(0);
          const s = sc.stats();
          expect(s.hits + s.misses).toBe(2 * data.rows);
          if (capacity === 4096 && s.staticColumns < 4) expect(s.hits).toBeGreaterThan(0);
        }
      }
    });
  }

  it('scores rows at an offset of a larger array', () => {
    const m = train(data, { nTrees: 10, learningRate: 0.3, maxDepth: 4, maxLeaves: 12, minChildWeight: 0.2, lambdaL2: 1, rowSubsample: 1, colSubsample: 1, maxBins: 64, seed: 6 });
    const sc = new SplitScorer(quickScorerTables(flatten(m)), (c) => c % 2 === 0, 16);
    for (let r = 0; r < 500; r++) expect(sc.raw32(data.X, r * COLS)).toBe(predictRawTreeWalk(m, data.X, r * COLS));
  });

  it('refuses a capacity below one', () => {
    const m = train(data, { nTrees: 2, learningRate: 0.3, maxDepth: 2, minChildWeight: 1, lambdaL2: 1, rowSubsample: 1, colSubsample: 1, maxBins: 16, seed: 1 });
    expect(() => new SplitScorer(quickScorerTables(flatten(m)), () => true, 0)).toThrow(RangeError);
  });
});
