import { describe, expect, it } from 'vitest';
import { binDataset, edgesFromSorted, LAST_BIN_THRESHOLD } from './binning.js';

describe('binning', () => {
  it('gives each of few distinct values its own bin, edges at midpoints', () => {
    const e = edgesFromSorted(Float32Array.of(0, 0, 0, 1, 1, 3), 255);
    expect(Array.from(e)).toEqual([0.5, 2, LAST_BIN_THRESHOLD]);
  });

  it('puts a heavy value in its own bin and spreads the rest', () => {
    const v = new Float32Array(1000);
    for (let i = 900; i < 1000; i++) v[i] = i - 899; // 900 zeros, then 1..100
    const e = edgesFromSorted(v, 10);
    expect(e[0]).toBe(0.5);
    expect(e.length).toBe(10);
    for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
  });

  it('stores bins column-major with a missing bin, a default bin and sparse row lists', () => {
    const X = Float32Array.of(0, 5, 1, NaN, 0, 7, 0, 5); // rows × 2
    const bm = binDataset({ rows: 4, cols: 2, X, y: new Uint8Array(4), featureNames: ['a', 'b'] }, 256);
    expect(Array.from(bm.bins.subarray(0, 4))).toEqual([0, 1, 0, 0]);
    expect(Array.from(bm.bins.subarray(4, 8))).toEqual([0, 2, 1, 0]); // b: 5→0, NaN→2 (missing), 7→1
    expect(Array.from(bm.nValueBins)).toEqual([2, 2]);
    expect(Array.from(bm.hasMissing)).toEqual([0, 1]);
    expect(Array.from(bm.defaultBin)).toEqual([0, 0]);
    expect(Array.from(bm.sparseRows[0] ?? [])).toEqual([1]);
    expect(Array.from(bm.usable)).toEqual([0, 1]);
  });
});
