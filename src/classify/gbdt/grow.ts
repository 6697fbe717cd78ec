// Grows one regression tree on gradients: best-first (leaf-wise) up to maxLeaves, capped at maxDepth.
// Each leaf owns a contiguous, sorted segment of the row-index array; a split partitions that segment
// stably. Only the smaller child's histogram is built; the larger one is parent − smaller.

import type { BinnedMatrix } from './binning.js';
import { HistogramBuilder, findBestSplit, subtractHistogram, type SplitCandidate, type SplitSettings } from './histogram.js';
import type { TreeJson } from './types.js';

export interface GrowSettings extends SplitSettings {
  maxDepth: number;
  maxLeaves: number;
  learningRate: number;
}

export interface GrownTree {
  tree: TreeJson;
  /** Bin index of each split node's threshold (for walking binned rows); -1 on leaves. */
  splitBin: Int32Array;
  /** Leaf node ids with the idx segments of their (sampled) rows. */
  leafNodes: number[];
  leafStart: number[];
  leafEnd: number[];
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  hist: Float64Array | null;
  split: SplitCandidate | null;
}

/** Significant digits kept for leaf values, covers and gains, so model files are compact and stable. */
const SIG_DIGITS = 12;

export function roundSig(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(SIG_DIGITS));
}

export class TreeGrower {
  readonly idx: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly hb: HistogramBuilder;
  private readonly pool: Float64Array[] = [];

  constructor(private readonly bm: BinnedMatrix) {
    this.idx = new Uint32Array(bm.rows);
    this.tmp = new Uint32Array(bm.rows);
    this.hb = new HistogramBuilder(bm);
  }

  /** Grows a tree from the rows idx[0..nRows) (ascending) using the features feats (ascending). */
  grow(gh: Float64Array, nRows: number, feats: Int32Array, s: GrowSettings): GrownTree {
    const bm = this.bm;
    const t: TreeJson = { feature: [], threshold: [], missingGoesLeft: [], left: [], right: [], leafValue: [], cover: [], gain: [] };
    const splitBin: number[] = [];
    const addNode = (cover: number): number => {
      t.feature.push(-1);
      t.threshold.push(0);
      t.missingGoesLeft.push(0);
      t.left.push(-1);
      t.right.push(-1);
      t.leafValue.push(0);
      t.cover.push(roundSig(cover));
      t.gain.push(0);
      splitBin.push(-1);
      return t.feature.length - 1;
    };

    let G = 0;
    let H = 0;
    for (let i = 0; i < nRows; i++) {
      const r = this.idx[i] * 2;
      G += gh[r];
      H += gh[r + 1];
    }
    const root: Leaf = { node: addNode(H), start: 0, end: nRows, depth: 0, G, H, hist: null, split: null };
    if (s.maxDepth > 0 && nRows >= 2) {
      root.hist = this.take();
      this.hb.build(feats, this.idx, 0, nRows, gh, root.hist);
      this.search(root, feats, s);
    }
    const leaves: Leaf[] = [root];

    while (leaves.length < s.maxLeaves) {
      let pick = -1;
      for (let i = 0; i < leaves.length; i++) {
        const sp = leaves[i].split;
        if (sp && (pick < 0 || sp.gain > (leaves[pick].split as SplitCandidate).gain)) pick = i;
      }
      if (pick < 0) break;
      const leaf = leaves[pick];
      const sp = leaf.split as SplitCandidate;
      const nLeft = this.partition(leaf, sp);
      const leftId = addNode(sp.hl);
      const rightId = addNode(sp.hr);
      const n = leaf.node;
      t.feature[n] = sp.feature;
      t.threshold[n] = bm.thresholds[sp.feature][sp.bin];
      t.missingGoesLeft[n] = sp.missingLeft ? 1 : 0;
      t.left[n] = leftId;
      t.right[n] = rightId;
      t.gain[n] = roundSig(sp.gain);
      splitBin[n] = sp.bin;

      const depth = leaf.depth + 1;
      const L: Leaf = { node: leftId, start: leaf.start, end: leaf.start + nLeft, depth, G: sp.gl, H: sp.hl, hist: null, split: null };
      const R: Leaf = { node: rightId, start: leaf.start + nLeft, end: leaf.end, depth, G: sp.gr, H: sp.hr, hist: null, split: null };
      const parentHist = leaf.hist as Float64Array;
      if (depth < s.maxDepth) {
        const small = L.end - L.start <= R.end - R.start ? L : R;
        const large = small === L ? R : L;
        small.hist = this.take();
        this.hb.build(feats, this.idx, small.start, small.end, gh, small.hist);
        subtractHistogram(bm, feats, parentHist, small.hist);
        large.hist = parentHist;
        this.search(L, feats, s);
        this.search(R, feats, s);
      } else {
        this.pool.push(parentHist);
      }
      leaves[pick] = L;
      leaves.push(R);
    }

    const leafNodes: number[] = [];
    const leafStart: number[] = [];
    const leafEnd: number[] = [];
    for (const lf of leaves) {
      const denom = lf.H + s.lambda;
      t.leafValue[lf.node] = denom > 0 ? roundSig((-lf.G / denom) * s.learningRate) : 0;
      leafNodes.push(lf.node);
      leafStart.push(lf.start);
      leafEnd.push(lf.end);
      if (lf.hist) this.pool.push(lf.hist);
    }
    return { tree: t, splitBin: Int32Array.from(splitBin), leafNodes, leafStart, leafEnd };
  }

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.bm.totalBins * 2);
  }

  private search(leaf: Leaf, feats: Int32Array, s: GrowSettings): void {
    leaf.split = leaf.end - leaf.start >= 2 ? findBestSplit(this.bm, feats, leaf.hist as Float64Array, leaf.G, leaf.H, s) : null;
    if (!leaf.split && leaf.hist) {
      this.pool.push(leaf.hist);
      leaf.hist = null;
    }
  }

  /** Stable partition of the leaf's segment: left rows first, both halves keep ascending order. */
  private partition(leaf: Leaf, sp: SplitCandidate): number {
    const { bins, rows, nValueBins } = this.bm;
    const idx = this.idx;
    const tmp = this.tmp;
    const base = sp.feature * rows;
    const missBin = nValueBins[sp.feature];
    const bin = sp.bin;
    const missLeft = sp.missingLeft;
    let w = leaf.start;
    let nr = 0;
    for (let i = leaf.start; i < leaf.end; i++) {
      const r = idx[i];
      const b = bins[base + r];
      if (b === missBin ? missLeft : b <= bin) idx[w++] = r;
      else tmp[nr++] = r;
    }
    idx.set(tmp.subarray(0, nr), w);
    return w - leaf.start;
  }
}
