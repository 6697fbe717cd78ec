// Gradient/hessian histograms per node, and the best split they admit.
// A histogram holds, for every bin of every feature, interleaved sums [g, h] in a Float64Array laid
// out by BinnedMatrix.binOffset. Only the features drawn for the current tree are filled or read.

import type { BinnedMatrix } from './binning.js';

/**
 * Fills node histograms for the selected features. The most frequent bin of each feature is never
 * accumulated: it is derived as node total − other bins, so a sparse 0/1 feature costs only its
 * non-zero rows. Features with a sparse row list walk that list (checking node membership through a
 * row → position mark) whenever it is shorter than the node; others walk the node's rows.
 */
export class HistogramBuilder {
  private readonly ordered: Float64Array;
  private readonly mark: Int32Array;

  constructor(private readonly bm: BinnedMatrix) {
    this.ordered = new Float64Array(bm.rows * 2);
    this.mark = new Int32Array(bm.rows);
  }

  /** Builds hist from rows idx[start..end) (ascending); gh holds interleaved [g, h] per row. */
  build(feats: Int32Array, idx: Uint32Array, start: number, end: number, gh: Float64Array, hist: Float64Array): void {
    const { bins, rows, binOffset, defaultBin, sparseRows } = this.bm;
    const count = end - start;
    const all = count === rows;
    const ordered = this.ordered;
    const mark = this.mark;
    let G = 0;
    let H = 0;
    if (all) {
      for (let r = 0; r < rows; r++) {
        G += gh[2 * r];
        H += gh[2 * r + 1];
      }
    } else {
      for (let i = 0; i < count; i++) {
        const r = idx[start + i];
        const g = gh[2 * r];
        const h = gh[2 * r + 1];
        ordered[2 * i] = g;
        ordered[2 * i + 1] = h;
        G += g;
        H += h;
      }
    }
    const src = all ? gh : ordered;
    let marked = false;
    for (let k = 0; k < feats.length; k++) {
      const f = feats[k];
      const o = binOffset[f] * 2;
      const oEnd = binOffset[f + 1] * 2;
      hist.fill(0, o, oEnd);
      const base = f * rows;
      const def = defaultBin[f];
      const list = sparseRows[f];
      if (list && list.length < count) {
        if (all) {
          for (let q = 0; q < list.length; q++) {
            const r = list[q];
            const b = o + 2 * bins[base + r];
            hist[b] += gh[2 * r];
            hist[b + 1] += gh[2 * r + 1];
          }
        } else {
          if (!marked) {
            for (let i = 0; i < count; i++) mark[idx[start + i]] = i + 1;
            marked = true;
          }
          for (let q = 0; q < list.length; q++) {
            const r = list[q];
            const p = mark[r];
            if (p !== 0) {
              const j = 2 * (p - 1);
              const b = o + 2 * bins[base + r];
              hist[b] += ordered[j];
              hist[b + 1] += ordered[j + 1];
            }
          }
        }
      } else if (all) {
        for (let r = 0; r < rows; r++) {
          const bb = bins[base + r];
          if (bb !== def) {
            const b = o + 2 * bb;
            hist[b] += src[2 * r];
            hist[b + 1] += src[2 * r + 1];
          }
        }
      } else {
        for (let i = 0, j = 0; i < count; i++, j += 2) {
          const bb = bins[base + idx[start + i]];
          if (bb !== def) {
            const b = o + 2 * bb;
            hist[b] += src[j];
            hist[b + 1] += src[j + 1];
          }
        }
      }
      let g = G;
      let h = H;
      for (let b = o; b < oEnd; b += 2) {
        g -= hist[b];
        h -= hist[b + 1];
      }
      hist[o + 2 * def] = g;
      hist[o + 2 * def + 1] = h;
    }
    if (marked) for (let i = 0; i < count; i++) mark[idx[start + i]] = 0;
  }
}

/** parent ← parent − child on the selected features: the sibling's histogram without a pass over its rows. */
export function subtractHistogram(bm: BinnedMatrix, feats: Int32Array, parent: Float64Array, child: Float64Array): void {
  const { binOffset } = bm;
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k];
    const end = binOffset[f + 1] * 2;
    for (let i = binOffset[f] * 2; i < end; i++) parent[i] -= child[i];
  }
}

export interface SplitCandidate {
  gain: number;
  feature: number;
  /** Rows with value bin ≤ bin go left. */
  bin: number;
  missingLeft: boolean;
  gl: number;
  hl: number;
  gr: number;
  hr: number;
}

export interface SplitSettings {
  lambda: number;
  minChildWeight: number;
  minGain: number;
}

/**
 * Best split over the selected features, or null. Both directions for the missing rows are tried at
 * every threshold; "all values left, missing right" is tried too, so missingness alone can split.
 * Ties keep the first candidate (lowest feature, lowest bin, missing-left first): deterministic.
 */
export function findBestSplit(
  bm: BinnedMatrix,
  feats: Int32Array,
  hist: Float64Array,
  G: number,
  H: number,
  s: SplitSettings,
): SplitCandidate | null {
  const { binOffset, nValueBins } = bm;
  const lambda = s.lambda;
  const mcw = s.minChildWeight;
  const parentScore = (G * G) / (H + lambda);
  const missingEps = 1e-10 * H;
  let bestGain = s.minGain;
  let best: SplitCandidate | null = null;
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k];
    const nb = nValueBins[f];
    const o = binOffset[f] * 2;
    const gm = hist[o + 2 * nb];
    const hm = hist[o + 2 * nb + 1];
    // Subtraction leaves rounding dust in empty bins; treat negligible hessian as "no missing rows".
    const noMissing = hm <= missingEps;
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < nb; b++) {
      gl += hist[o + 2 * b];
      hl += hist[o + 2 * b + 1];
      const last = b === nb - 1;
      if (!last) {
        // missing left
        if (!noMissing) {
          const GL = gl + gm;
          const HL = hl + hm;
          const GR = G - GL;
          const HR = H - HL;
          if (HL >= mcw && HR >= mcw) {
            const gain = 0.5 * ((GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parentScore);
            if (gain > bestGain) {
              bestGain = gain;
              best = { gain, feature: f, bin: b, missingLeft: true, gl: GL, hl: HL, gr: GR, hr: HR };
            }
          }
        }
      } else if (noMissing) break;
      // missing right (when nothing is missing, the side is decided after the search)
      const GR = G - gl;
      const HR = H - hl;
      if (hl >= mcw && HR >= mcw) {
        const gain = 0.5 * ((gl * gl) / (hl + lambda) + (GR * GR) / (HR + lambda) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          best = { gain, feature: f, bin: b, missingLeft: false, gl, hl, gr: GR, hr: HR };
        }
      }
    }
  }
  if (best && hist[(binOffset[best.feature] + nValueBins[best.feature]) * 2 + 1] <= missingEps) {
    // No missing value reached this node: send future ones to the child with more cover.
    best.missingLeft = best.hl >= best.hr;
  }
  return best;
}
