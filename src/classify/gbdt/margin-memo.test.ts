import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { MarginMemo } from './margin-memo.js';
import { makeDataset } from './test-data.js';
import { train } from './train.js';

const COLS = 5;
const data = makeDataset(
  1500,
  COLS,
  5,
  (rng, x) => x[0] + (Number.isNaN(x[1]) ? 0.3 : x[1]) + 0.2 * rng.next() > 0,
  // few distinct values, zeros, NaN and -0: rows repeat and differ only in the bits that matter
  (rng, f) => (f === 1 && rng.next() < 0.2 ? NaN : f === 4 ? (rng.next() < 0.5 ? -0 : 0) : Math.round(rng.next() * 6) / 3 - 1),
);
const model = train(data, { nTrees: 15, learningRate: 0.3, maxDepth: 4, maxLeaves: 12, minChildWeight: 0.5, lambdaL2: 1, rowSubsample: 1, colSubsample: 1, maxBins: 64, seed: 2 });
const cm = compile(model);

function scoreAll(memo: MarginMemo): { hits: number; margins: number[] } {
  let hits = 0;
  const margins: number[] = [];
  for (let r = 0; r < data.rows; r++) {
    const hit = memo.lookup(data.X, r * COLS);
    if (hit !== undefined) {
      hits++;
      margins.push(hit);
    } else {
      const m = cm.predictRaw(data.X, r * COLS);
      memo.store(m);
      margins.push(m);
    }
  }
  return { hits, margins };
}

describe('MarginMemo', () => {
  const want = Array.from({ length: data.rows }, (_, r) => cm.predictRaw(data.X, r * COLS));

  it('returns exactly the forest margin on every hit, warm and cold', () => {
    const memo = new MarginMemo(cm.usedFeatures);
    const cold = scoreAll(memo);
    expect(cold.margins).toEqual(want);
    expect(cold.hits).toBeGreaterThan(100);
    const warm = scoreAll(memo);
    expect(warm.margins).toEqual(want);
    expect(warm.hits).toBe(data.rows);
  });

  it('stays exact when it keeps emptying (tiny table)', () => {
    const memo = new MarginMemo(cm.usedFeatures, 7);
    const a = scoreAll(memo);
    expect(a.margins).toEqual(want);
    expect(memo.size).toBeLessThanOrEqual(7);
    expect(scoreAll(memo).margins).toEqual(want);
  });

  it('handles an odd number of used columns and a forest that reads none', () => {
    for (const used of [Int32Array.of(0, 2, 4), Int32Array.of()]) {
      const memo = new MarginMemo(used);
      expect(memo.lookup(Float32Array.of(1, 2, 3, 4, 5), 0)).toBeUndefined();
      memo.store(0.5);
      expect(memo.lookup(Float32Array.of(1, 9, 3, 9, 5), 0)).toBe(0.5);
      const other = memo.lookup(Float32Array.of(1, 2, 3, 4, 6), 0);
      expect(other).toBe(used.length ? undefined : 0.5);
    }
  });

  it('keys on bits: -0 and 0 are different keys, an all-zero row is a key too', () => {
    const memo = new MarginMemo(Int32Array.of(0, 1));
    expect(memo.lookup(Float32Array.of(0, 0), 0)).toBeUndefined();
    memo.store(1.5);
    expect(memo.lookup(Float32Array.of(0, 0), 0)).toBe(1.5);
    expect(memo.lookup(Float32Array.of(-0, 0), 0)).toBeUndefined();
    memo.store(2.5);
    expect(memo.lookup(Float32Array.of(0, -0), 0)).toBeUndefined();
    expect(memo.lookup(Float32Array.of(-0, 0), 0)).toBe(2.5);
    expect(memo.lookup(Float32Array.of(0, 0), 0)).toBe(1.5);
  });
});
