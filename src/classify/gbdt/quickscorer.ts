// QuickScorer-style inference (Lucchese et al., SIGIR 2015): instead of walking each tree, every tree
// keeps a bitvector of its leaves (in left-to-right order) and each split node that is *false* for
// the row (the row goes right) clears the leaves of its left subtree. The exit leaf of a tree is then
// its leftmost surviving leaf. Nodes are grouped by feature and sorted by threshold, so for each used
// feature one scan visits exactly the false nodes (thresholds below the value) and stops; columns no
// tree splits on are never read. Nodes of equal threshold are tested together. The comparisons are the walk's own (`v <= threshold`, NaN follows
// the learned side) and the leaf values are summed in tree order, so the margin is bit-identical to
// the tree walk's.

import type { FlatForest } from './types.js';

export interface QuickScorer {
  /** Raw margin for the row starting at x[offset]; identical to the tree walk. */
  raw32(x: Float32Array, offset: number): number;
  raw64(x: Float64Array, offset: number): number;
  /** Feature columns at least one split reads, ascending. */
  readonly usedFeatures: Int32Array;
}

interface Entry {
  threshold: number;
  word: number;
  mask: number;
  node: number;
}

/** The QuickScorer arrays of a forest (see buildQuickScorer; split-scorer.ts reuses them). */
export interface QuickScorerTables {
  nTrees: number;
  baseScore: number;
  /** Tree t's bitvector words are bv[treeWord[t] … treeWord[t + 1]). */
  treeWord: Int32Array;
  /** Tree t's leaf values start at leaves[leafBase[t]], left to right. */
  leafBase: Int32Array;
  leaves: Float64Array;
  /** Trees of at most 32 leaves each: tree t's word is t. */
  oneWordEach: boolean;
  usedFeatures: Int32Array;
  /** Per used feature i: its threshold groups groupStart[i] … groupStart[i + 1] (thr ascending, end = exclusive pair end in cmp). */
  groupStart: Int32Array;
  thr: Float64Array;
  end: Int32Array;
  /** (word, mask) pairs: cmp from cmpStart[i], nan[nanStart[i] … nanStart[i + 1]). */
  cmpStart: Int32Array;
  cmp: Int32Array;
  nanStart: Int32Array;
  nan: Int32Array;
}

/** The margin of a bitvector state: baseScore plus each tree's exit leaf, summed in tree order. */
export function exitSum(t: QuickScorerTables, bv: Int32Array): number {
  const { nTrees, leaves, leafBase, treeWord } = t;
  let s = t.baseScore;
  if (t.oneWordEach) {
    for (let k = 0; k < nTrees; k++) {
      const bits = bv[k];
      s += leaves[leafBase[k] + (31 - Math.clz32(bits & -bits))];
    }
    return s;
  }
  for (let k = 0; k < nTrees; k++) {
    const w0 = treeWord[k];
    let w = w0;
    let bits = bv[w];
    // The exit leaf always survives, so a non-zero word is found within the tree's own words.
    while (bits === 0) bits = bv[++w];
    s += leaves[leafBase[k] + ((w - w0) << 5) + (31 - Math.clz32(bits & -bits))];
  }
  return s;
}

export function quickScorerTables(flat: FlatForest): QuickScorerTables {
  const { roots, feature, threshold, missingLeft, left, value, baseScore } = flat;
  const nTrees = roots.length;
  const treeWord = new Int32Array(nTrees + 1);
  const leafBase = new Int32Array(nTrees);
  const leafValues: number[] = [];
  const byFeature = new Map<number, { cmp: Entry[]; nan: Entry[] }>();

  for (let t = 0; t < nTrees; t++) {
    const firstWord = treeWord[t];
    const firstLeaf = leafValues.length;
    // In-order traversal: leaves numbered left to right, so a split node's left subtree owns the
    // contiguous leaf range [lo, hi) of its tree.
    const splits: Array<{ n: number; lo: number; hi: number }> = [];
    const visit = (n: number): void => {
      if (feature[n] < 0) {
        leafValues.push(value[n]);
        return;
      }
      const lo = leafValues.length - firstLeaf;
      visit(left[n]);
      splits.push({ n, lo, hi: leafValues.length - firstLeaf });
      visit(left[n] + 1);
    };
    visit(roots[t]);
    const nLeaves = leafValues.length - firstLeaf;
    treeWord[t + 1] = firstWord + ((nLeaves + 31) >>> 5);
    leafBase[t] = firstLeaf;
    for (const { n, lo, hi } of splits) {
      const f = feature[n];
      let slot = byFeature.get(f);
      if (!slot) byFeature.set(f, (slot = { cmp: [], nan: [] }));
      // One entry per bitvector word the left subtree's leaves touch.
      for (let w = lo >>> 5; w <= (hi - 1) >>> 5; w++) {
        let clear = 0;
        for (let b = Math.max(lo, w * 32); b < Math.min(hi, w * 32 + 32); b++) clear |= 1 << (b & 31);
        const e: Entry = { threshold: threshold[n], word: firstWord + w, mask: ~clear, node: n };
        slot.cmp.push(e);
        if (missingLeft[n] !== 1) slot.nan.push(e);
      }
    }
  }

  const used = [...byFeature.keys()].sort((a, b) => a - b);
  const nUsed = used.length;
  // Per feature, its entries in ascending threshold order, interleaved as (word, mask) pairs in
  // `cmp`, and cut into groups of equal threshold: one comparison per distinct threshold decides a
  // whole group, and the groups below the value are one contiguous run of pairs.
  const groupStart = new Int32Array(nUsed + 1);
  const cmpStart = new Int32Array(nUsed);
  const nanStart = new Int32Array(nUsed + 1);
  const groupThr: number[] = [];
  const groupEnd: number[] = [];
  const cmpPairs: number[] = [];
  const nanPairs: number[] = [];
  used.forEach((f, i) => {
    const slot = byFeature.get(f)!;
    slot.cmp.sort((a, b) => a.threshold - b.threshold || a.node - b.node || a.word - b.word);
    groupStart[i] = groupThr.length;
    cmpStart[i] = cmpPairs.length;
    slot.cmp.forEach((e, q) => {
      cmpPairs.push(e.word, e.mask);
      if (q + 1 === slot.cmp.length || slot.cmp[q + 1].threshold !== e.threshold) {
        groupThr.push(e.threshold);
        groupEnd.push(cmpPairs.length);
      }
    });
    nanStart[i] = nanPairs.length;
    for (const e of slot.nan) nanPairs.push(e.word, e.mask);
  });
  groupStart[nUsed] = groupThr.length;
  nanStart[nUsed] = nanPairs.length;
  const thr = Float64Array.from(groupThr);
  const end = Int32Array.from(groupEnd);
  const cmp = Int32Array.from(cmpPairs);
  const nan = Int32Array.from(nanPairs);
  const usedFeatures = Int32Array.from(used);
  const leaves = Float64Array.from(leafValues);
  return {
    nTrees,
    baseScore,
    treeWord,
    leafBase,
    leaves,
    oneWordEach: treeWord[nTrees] === nTrees,
    usedFeatures,
    groupStart,
    thr,
    end,
    cmpStart,
    cmp,
    nanStart,
    nan,
  };
}

export function buildQuickScorer(flat: FlatForest): QuickScorer {
  const tables = quickScorerTables(flat);
  const { nTrees, treeWord, usedFeatures, groupStart, thr, end, cmpStart, cmp, nanStart, nan } = tables;
  const nUsed = usedFeatures.length;
  const bv = new Int32Array(treeWord[nTrees]);
  const exits = (): number => exitSum(tables, bv);

  // Two copies keep each loop's element access monomorphic (see compile.ts). A node is false (the row
  // goes right) when its threshold is below the value, or the value is NaN and NaN goes right.
  const raw32 = (x: Float32Array, offset: number): number => {
    bv.fill(-1);
    for (let i = 0; i < nUsed; i++) {
      const v = x[offset + usedFeatures[i]];
      if (v !== v) {
        for (let k = nanStart[i], e = nanStart[i + 1]; k < e; k += 2) bv[nan[k]] &= nan[k + 1];
        continue;
      }
      let g = groupStart[i];
      if (!(thr[g] < v)) continue;
      const last = groupStart[i + 1] - 1;
      while (g < last && thr[g + 1] < v) g++;
      for (let k = cmpStart[i], e = end[g]; k < e; k += 2) bv[cmp[k]] &= cmp[k + 1];
    }
    return exits();
  };
  const raw64 = (x: Float64Array, offset: number): number => {
    bv.fill(-1);
    for (let i = 0; i < nUsed; i++) {
      const v = x[offset + usedFeatures[i]];
      if (v !== v) {
        for (let k = nanStart[i], e = nanStart[i + 1]; k < e; k += 2) bv[nan[k]] &= nan[k + 1];
        continue;
      }
      let g = groupStart[i];
      if (!(thr[g] < v)) continue;
      const last = groupStart[i + 1] - 1;
      while (g < last && thr[g + 1] < v) g++;
      for (let k = cmpStart[i], e = end[g]; k < e; k += 2) bv[cmp[k]] &= cmp[k + 1];
    }
    return exits();
  };
  return { raw32, raw64, usedFeatures };
}
