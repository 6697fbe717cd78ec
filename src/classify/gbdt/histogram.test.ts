import { describe, expect, it } from 'vitest';
import { binDataset } from './binning.js';
import { HistogramBuilder, subtractHistogram } from './histogram.js';
import { Rng } from './prng.js';
import { makeDataset } from './test-data.js';

describe('histograms', () => {
  // dense, sparse 0/1 and mostly-missing columns
  const ds = makeDataset(
    3000,
    3,
    41,
    () => false,
    (rng, f) => (f === 0 ? rng.next() : f === 1 ? (rng.next() < 0.05 ? 1 : 0) : rng.next() < 0.9 ? NaN : rng.next()),
  );
  const bm = binDataset(ds, 64);
  const rng = new Rng(5);
  const gh = Float64Array.from({ length: 2 * ds.rows }, (_, i) => (i % 2 ? 0.1 + rng.next() : rng.next() - 0.5));
  const feats = Int32Array.of(0, 1, 2);

  function naive(rows: number[]): Float64Array {
    const h = new Float64Array(bm.totalBins * 2);
    for (const f of feats)
      for (const r of rows) {
        const b = (bm.binOffset[f] + bm.bins[f * ds.rows + r]) * 2;
        h[b] += gh[2 * r];
        h[b + 1] += gh[2 * r + 1];
      }
    return h;
  }

  it('uses the sparse path for the 0/1 and mostly-missing columns', () => {
    expect(bm.sparseRows[0]).toBeNull();
    expect(bm.sparseRows[1]).not.toBeNull();
    expect(bm.defaultBin[2]).toBe(bm.nValueBins[2]); // the missing bin is the common one
    expect(bm.sparseRows[2]).not.toBeNull();
  });

  it('matches a naive build for all rows, a subset, and a subtracted sibling', () => {
    const hb = new HistogramBuilder(bm);
    const all = Uint32Array.from({ length: ds.rows }, (_, i) => i);
    const hAll = new Float64Array(bm.totalBins * 2);
    hb.build(feats, all, 0, ds.rows, gh, hAll);
    const want = naive(Array.from(all));
    for (let i = 0; i < want.length; i++) expect(hAll[i]).toBeCloseTo(want[i], 9);

    const subset = Array.from(all).filter((r) => r % 3 === 0);
    const rest = Array.from(all).filter((r) => r % 3 !== 0);
    const idx = Uint32Array.from([...subset, ...rest]);
    const hSub = new Float64Array(bm.totalBins * 2);
    hb.build(feats, idx, 0, subset.length, gh, hSub);
    const wantSub = naive(subset);
    for (let i = 0; i < wantSub.length; i++) expect(hSub[i]).toBeCloseTo(wantSub[i], 9);

    subtractHistogram(bm, feats, hAll, hSub);
    const wantRest = naive(rest);
    for (let i = 0; i < wantRest.length; i++) expect(hAll[i]).toBeCloseTo(wantRest[i], 9);
  });
});
