// Small seeded datasets for the GBDT tests (no Math.random: every test is reproducible).

import { Rng } from './prng.js';
import type { Dataset } from './types.js';

export function makeDataset(
  rows: number,
  cols: number,
  seed: number,
  gen: (rng: Rng, x: Float32Array) => boolean | number,
  fill: (rng: Rng, f: number) => number = (rng) => rng.next() * 2 - 1,
): Dataset {
  const rng = new Rng(seed);
  const X = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = X.subarray(r * cols, (r + 1) * cols);
    for (let f = 0; f < cols; f++) row[f] = fill(rng, f);
    y[r] = gen(rng, row) ? 1 : 0;
  }
  return { rows, cols, X, y, featureNames: Array.from({ length: cols }, (_, i) => `f${i}`) };
}

export function row(ds: Dataset, r: number): Float32Array {
  return ds.X.subarray(r * ds.cols, (r + 1) * ds.cols);
}
