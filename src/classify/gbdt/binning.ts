// Quantile binning: every feature becomes ≤ 255 value bins plus one missing-value bin, stored as a
// column-major Uint8 matrix so a histogram pass over one feature reads one contiguous column.
// Bin edges are raw float thresholds (midpoints between neighbouring values), so a split "bin ≤ b"
// is exactly "x ≤ threshold[b]" at inference time and inference never needs the bins.

import type { Dataset } from './types.js';

/** Threshold of the last value bin: every finite value is ≤ it; only NaN goes the other way. */
export const LAST_BIN_THRESHOLD = Number.MAX_VALUE;

/** Rows used to place bin edges; larger inputs are sampled with a fixed stride (deterministic). */
const EDGE_SAMPLE_CAP = 250_000;

/** A feature whose non-default rows are at most this fraction gets a sparse row list. */
const SPARSE_FRACTION = 0.25;

/** Adjacent columns read together from the row-major matrix (16 floats = one 64-byte line). */
const FEATURE_GROUP = 16;

export interface BinnedMatrix {
  rows: number;
  cols: number;
  /** bins[f * rows + r]; value bins are 0..nValueBins[f]-1, the missing bin is nValueBins[f]. */
  bins: Uint8Array;
  nValueBins: Int32Array;
  /** Per feature: threshold[b] bounds value bin b from above (x ≤ threshold[b] ⇔ bin ≤ b). */
  thresholds: Float64Array[];
  /** Per feature: 1 when some training row is missing. */
  hasMissing: Uint8Array;
  /** Features that can split (≥ 2 value bins, or 1 value bin plus missing rows), ascending. */
  usable: Int32Array;
  /** Per feature: the most frequent bin (the 0 of a sparse feature); histograms skip it and derive it. */
  defaultBin: Int32Array;
  /** Per feature: the rows whose bin is not the default bin, ascending, when they are few (else null). */
  sparseRows: (Uint32Array | null)[];
  /** Start of each feature's bins in a histogram (value bins then the missing bin). */
  binOffset: Int32Array;
  totalBins: number;
}

export function binDataset(ds: Dataset, maxBins: number): BinnedMatrix {
  if (!(maxBins >= 2 && maxBins <= 256)) throw new RangeError(`maxBins must be in [2, 256], got ${maxBins}`);
  const { rows, cols, X } = ds;
  const maxValueBins = maxBins - 1;
  const bins = new Uint8Array(rows * cols);
  const nValueBins = new Int32Array(cols);
  const hasMissing = new Uint8Array(cols);
  const thresholds: Float64Array[] = [];
  const binOffset = new Int32Array(cols + 1);
  const stride = Math.max(1, Math.ceil(rows / EDGE_SAMPLE_CAP));
  const sample = new Float32Array(Math.ceil(rows / stride));
  const usable: number[] = [];
  const defaultBin = new Int32Array(cols);
  const sparseRows: (Uint32Array | null)[] = [];
  const binCount = new Int32Array(257);

  // X is row-major: read it in groups of FEATURE_GROUP adjacent columns so each pass over the rows
  // touches whole cache lines, and bin each column from a contiguous copy.
  const group = Math.min(cols, FEATURE_GROUP);
  const colBuf = Array.from({ length: group }, () => new Float32Array(rows));
  for (let f0 = 0; f0 < cols; f0 += group) {
    const g = Math.min(group, cols - f0);
    for (let r = 0; r < rows; r++) {
      const o = r * cols + f0;
      for (let k = 0; k < g; k++) colBuf[k][r] = X[o + k];
    }
    for (let k = 0; k < g; k++) {
      const f = f0 + k;
      const col = colBuf[k];
      let m = 0;
      for (let r = 0; r < rows; r += stride) {
        const v = col[r];
        if (v === v) sample[m++] = v;
      }
      const thr = edgesFromSorted(sample.subarray(0, m).sort(), maxValueBins);
      thresholds.push(thr);
      const nb = thr.length;
      nValueBins[f] = nb;
      const out = bins.subarray(f * rows, (f + 1) * rows);
      binColumn(col, thr, out);
      binCount.fill(0);
      for (let r = 0; r < rows; r++) binCount[out[r]]++;
      const missing = binCount[nb] > 0 ? 1 : 0;
      hasMissing[f] = missing;
      let def = 0;
      for (let b = 1; b <= nb; b++) if (binCount[b] > binCount[def]) def = b;
      defaultBin[f] = def;
      const others = rows - binCount[def];
      if (others <= rows * SPARSE_FRACTION) {
        const list = new Uint32Array(others);
        for (let r = 0, q = 0; r < rows; r++) if (out[r] !== def) list[q++] = r;
        sparseRows.push(list);
      } else sparseRows.push(null);
      binOffset[f + 1] = binOffset[f] + nb + 1;
      if (nb >= 2 || (nb === 1 && missing)) usable.push(f);
    }
  }
  return {
    rows,
    cols,
    bins,
    nValueBins,
    thresholds,
    hasMissing,
    usable: Int32Array.from(usable),
    defaultBin,
    sparseRows,
    binOffset,
    totalBins: binOffset[cols],
  };
}

/** Bins one column; NaN goes to the missing bin (index thr.length). Runs of equal values skip the search. */
function binColumn(col: Float32Array, thr: Float64Array, out: Uint8Array): void {
  const nb = thr.length;
  let prev = NaN;
  let prevBin = nb;
  for (let r = 0; r < col.length; r++) {
    const v = col[r];
    if (v !== v) out[r] = nb;
    else if (v === prev) out[r] = prevBin;
    else {
      prev = v;
      prevBin = findBin(thr, v);
      out[r] = prevBin;
    }
  }
}

/** First bin b with v ≤ thr[b] (the last threshold admits every finite value). */
export function findBin(thr: Float64Array, v: number): number {
  let lo = 0;
  let hi = thr.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= thr[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bin upper thresholds from sorted non-missing values. Few distinct values get one bin each (exact for
 * binary and small-count features); otherwise bins hold about equal counts, a heavy value (e.g. the 0 of
 * a sparse feature) gets a bin of its own and the remaining bins are spread over the rest.
 */
export function edgesFromSorted(sorted: Float32Array, maxValueBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    if (values.length > 0 && values[values.length - 1] === v) counts[counts.length - 1]++;
    else {
      values.push(v);
      counts.push(1);
    }
  }
  const d = values.length;
  const edges: number[] = [];
  if (d <= maxValueBins) {
    for (let i = 0; i + 1 < d; i++) edges.push(midpoint(values[i], values[i + 1]));
  } else {
    let remaining = n;
    let binsLeft = maxValueBins;
    let acc = 0;
    for (let i = 0; i + 1 < d && binsLeft > 1; i++) {
      acc += counts[i];
      const target = remaining / binsLeft;
      // Close the bin when it is full, or early when the next value alone would fill a bin.
      if (acc >= target || (acc > 0 && counts[i + 1] >= target)) {
        edges.push(midpoint(values[i], values[i + 1]));
        remaining -= acc;
        binsLeft--;
        acc = 0;
      }
    }
  }
  edges.push(LAST_BIN_THRESHOLD);
  return Float64Array.from(edges);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return Number.isFinite(m) && m >= a && m < b ? m : a;
}
