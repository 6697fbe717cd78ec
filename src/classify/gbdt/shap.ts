// Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2), using node cover (hessian
// sums) for the conditional expectations. phi[nFeatures] is the bias (base score + expected tree
// outputs); sum(phi) equals the raw margin. The unique-path bookkeeping follows the reference
// implementation (EXTEND / UNWIND / UNWOUND_SUM), with one preallocated slab per call instead of
// allocations per node.
//
// A tree's contribution depends on x only through the branch x takes at each of its splits: the recursion visits
// every node either way, and only which child is "hot" changes. So each tree remembers, for the last few branch
// patterns it saw, the additions it made to phi (feature, amount, in order) and replays them when a pattern comes
// back — the same additions in the same order, so phi is bit-identical, at a fraction of the cost (an alert's
// explanation is ≈ 300 trees × (leaves × depth²) divisions; similar events share most trees' patterns).

import { compile } from './compile.js';
import type { CompiledModel, FlatForest, GbdtModel } from './types.js';

const compiledCache = new WeakMap<GbdtModel, CompiledModel>();

export function treeShap(model: CompiledModel | GbdtModel, x: ArrayLike<number>): Float64Array {
  return shapWith(shapContext, model, x);
}

/** treeShap without the per-tree replay (the reference the replay is tested against). */
export function treeShapUncached(model: CompiledModel | GbdtModel, x: ArrayLike<number>): Float64Array {
  return shapWith(uncachedContext, model, x);
}

function shapWith(context: (cm: CompiledModel) => ShapContext, model: CompiledModel | GbdtModel, x: ArrayLike<number>): Float64Array {
  const cm = 'flat' in model ? model : cachedCompile(model);
  const ctx = context(cm);
  const phi = new Float64Array(cm.nFeatures + 1);
  ctx.explain(x, phi);
  return phi;
}

function cachedCompile(m: GbdtModel): CompiledModel {
  let c = compiledCache.get(m);
  if (!c) {
    c = compile(m);
    compiledCache.set(m, c);
  }
  return c;
}

interface ShapContext {
  explain(x: ArrayLike<number>, phi: Float64Array): void;
  explainPath(x: ArrayLike<number>, phi: Float64Array): void;
}

/**
 * Path attribution (Saabas): along the path x takes, each split's feature gets E[child] − E[node].
 * O(depth) per tree — as cheap as prediction — and sums to the raw margin, but unlike TreeSHAP it is
 * not a Shapley value (it favours features near the leaves). For bulk scoring; use treeShap for alerts.
 */
export function pathAttribution(model: CompiledModel | GbdtModel, x: ArrayLike<number>): Float64Array {
  const cm = 'flat' in model ? model : cachedCompile(model);
  const phi = new Float64Array(cm.nFeatures + 1);
  shapContext(cm).explainPath(x, phi);
  return phi;
}

const contextCache = new WeakMap<FlatForest, ShapContext>();
const uncachedContexts = new WeakMap<FlatForest, ShapContext>();

function shapContext(cm: CompiledModel): ShapContext {
  let c = contextCache.get(cm.flat);
  if (!c) {
    c = makeContext(cm.flat, cm.nFeatures, PATTERNS_PER_TREE);
    contextCache.set(cm.flat, c);
  }
  return c;
}

function uncachedContext(cm: CompiledModel): ShapContext {
  let c = uncachedContexts.get(cm.flat);
  if (!c) {
    c = makeContext(cm.flat, cm.nFeatures, 0);
    uncachedContexts.set(cm.flat, c);
  }
  return c;
}

/** Branch patterns remembered per tree (each ≈ leaves × depth additions: ≈ 1–2 KB for the shipped model's trees). */
const PATTERNS_PER_TREE = 16;
/** A pattern is a bit per split: trees with more splits than this are always computed. */
const MAX_PATTERN_SPLITS = 31;

/** A tree's additions to phi for one branch pattern, in the order the recursion made them. */
interface Replay {
  feature: Int32Array;
  amount: Float64Array;
}

function makeContext(flat: FlatForest, nFeatures: number, patternsPerTree: number): ShapContext {
  const { roots, feature, threshold, missingLeft, left, value, cover, depth } = flat;
  let maxD = 0;
  for (let t = 0; t < depth.length; t++) maxD = Math.max(maxD, depth[t]);
  // A path holds at most depth + 1 elements; each recursion level gets its own copy.
  const slab = ((maxD + 2) * (maxD + 3)) / 2 + 1;
  const pd = new Int32Array(slab);
  const pz = new Float64Array(slab);
  const po = new Float64Array(slab);
  const pw = new Float64Array(slab);

  // Expected value of each tree under the cover distribution (the part of the bias from trees).
  let expected = flat.baseScore;
  for (let t = 0; t < roots.length; t++) expected += meanValue(roots[t]);

  function meanValue(n: number): number {
    if (feature[n] < 0) return value[n];
    const l = left[n];
    const c = cover[n];
    if (!(c > 0)) return 0.5 * (meanValue(l) + meanValue(l + 1));
    return (cover[l] * meanValue(l) + cover[l + 1] * meanValue(l + 1)) / c;
  }

  // Cover-weighted mean output of every node's subtree (children come after parents: fill backwards).
  const nodeMean = new Float64Array(feature.length);
  for (let n = feature.length - 1; n >= 0; n--) {
    if (feature[n] < 0) nodeMean[n] = value[n];
    else {
      const l = left[n];
      const c = cover[n];
      nodeMean[n] = c > 0 ? (cover[l] * nodeMean[l] + cover[l + 1] * nodeMean[l + 1]) / c : 0.5 * (nodeMean[l] + nodeMean[l + 1]);
    }
  }

  let x: ArrayLike<number> = [];
  let phi: Float64Array = new Float64Array(0);

  const nTrees = roots.length;
  const treeEnd = (t: number): number => (t + 1 < nTrees ? roots[t + 1] : feature.length);
  const splits = new Int32Array(nTrees);
  for (let t = 0; t < nTrees; t++) for (let n = roots[t]; n < treeEnd(t); n++) if (feature[n] >= 0) splits[t]++;
  const replays: Array<Map<number, Replay>> = Array.from({ length: nTrees }, () => new Map());
  // While a tree's additions are being recorded: where they go (a leaf's additions are appended here).
  let recording = false;
  let recFeature = new Int32Array(256);
  let recAmount = new Float64Array(256);
  let recLength = 0;

  function add(f: number, amount: number): void {
    phi[f] += amount;
    if (!recording) return;
    if (recLength === recFeature.length) {
      const f2 = new Int32Array(recLength * 2);
      f2.set(recFeature);
      recFeature = f2;
      const a2 = new Float64Array(recLength * 2);
      a2.set(recAmount);
      recAmount = a2;
    }
    recFeature[recLength] = f;
    recAmount[recLength] = amount;
    recLength++;
  }

  /** The branch x takes at each split of tree t, a bit per split in node order. */
  function pattern(t: number): number {
    let bits = 0;
    let k = 0;
    for (let n = roots[t], end = treeEnd(t); n < end; n++) {
      const f = feature[n];
      if (f < 0) continue;
      const v = x[f];
      if (v <= threshold[n] || (v !== v && missingLeft[n] === 1)) bits |= 1 << k;
      k++;
    }
    return bits;
  }

  function explainTree(t: number): void {
    if (patternsPerTree === 0 || splits[t] > MAX_PATTERN_SPLITS) {
      recurse(roots[t], 0, 0, 1, 1, -1);
      return;
    }
    const key = pattern(t);
    const seen = replays[t];
    const r = seen.get(key);
    if (r !== undefined) {
      const f = r.feature;
      const a = r.amount;
      for (let i = 0; i < f.length; i++) phi[f[i]] += a[i];
      return;
    }
    // The first patterns stay: a tree's common patterns are seen early, and a full map costs nothing more.
    recording = seen.size < patternsPerTree;
    recLength = 0;
    recurse(roots[t], 0, 0, 1, 1, -1);
    if (recording) seen.set(key, { feature: recFeature.slice(0, recLength), amount: recAmount.slice(0, recLength) });
    recording = false;
  }

  function extend(m: number, l: number, zero: number, one: number, fi: number): void {
    pd[m + l] = fi;
    pz[m + l] = zero;
    po[m + l] = one;
    pw[m + l] = l === 0 ? 1 : 0;
    for (let i = l - 1; i >= 0; i--) {
      pw[m + i + 1] += (one * pw[m + i] * (i + 1)) / (l + 1);
      pw[m + i] = (zero * pw[m + i] * (l - i)) / (l + 1);
    }
  }

  function unwind(m: number, l: number, i: number): void {
    const one = po[m + i];
    const zero = pz[m + i];
    let next = pw[m + l];
    for (let j = l - 1; j >= 0; j--) {
      if (one !== 0) {
        const tmp = pw[m + j];
        pw[m + j] = (next * (l + 1)) / ((j + 1) * one);
        next = tmp - (pw[m + j] * zero * (l - j)) / (l + 1);
      } else {
        pw[m + j] = (pw[m + j] * (l + 1)) / (zero * (l - j));
      }
    }
    for (let j = i; j < l; j++) {
      pd[m + j] = pd[m + j + 1];
      pz[m + j] = pz[m + j + 1];
      po[m + j] = po[m + j + 1];
    }
  }

  function unwoundSum(m: number, l: number, i: number): number {
    const one = po[m + i];
    const zero = pz[m + i];
    let next = pw[m + l];
    let total = 0;
    for (let j = l - 1; j >= 0; j--) {
      if (one !== 0) {
        const tmp = (next * (l + 1)) / ((j + 1) * one);
        total += tmp;
        next = pw[m + j] - (tmp * zero * (l - j)) / (l + 1);
      } else if (zero !== 0) {
        total += pw[m + j] / zero / ((l - j) / (l + 1));
      }
    }
    return total;
  }

  /** m: start of the parent's path in the slab; l: unique depth of the path for this node. */
  function recurse(n: number, parentM: number, l: number, zero: number, one: number, fi: number): void {
    const m = parentM + l;
    // Copy the parent's path (elements 0..l-1) to this level's slot, then extend it.
    for (let i = 0; i < l; i++) {
      pd[m + i] = pd[parentM + i];
      pz[m + i] = pz[parentM + i];
      po[m + i] = po[parentM + i];
      pw[m + i] = pw[parentM + i];
    }
    extend(m, l, zero, one, fi);
    const f = feature[n];
    if (f < 0) {
      const v = value[n];
      for (let i = 1; i <= l; i++) {
        const w = unwoundSum(m, l, i);
        add(pd[m + i], w * (po[m + i] - pz[m + i]) * v);
      }
      return;
    }
    const v = x[f];
    const goLeft = v <= threshold[n] || (v !== v && missingLeft[n] === 1);
    const hot = goLeft ? left[n] : left[n] + 1;
    const cold = goLeft ? left[n] + 1 : left[n];
    const c = cover[n];
    const hotFrac = c > 0 ? cover[hot] / c : 0.5;
    const coldFrac = c > 0 ? cover[cold] / c : 0.5;
    let inZero = 1;
    let inOne = 1;
    let depthHere = l;
    let k = 1;
    for (; k <= depthHere; k++) if (pd[m + k] === f) break;
    if (k <= depthHere) {
      inZero = pz[m + k];
      inOne = po[m + k];
      unwind(m, depthHere, k);
      depthHere--;
    }
    recurse(hot, m, depthHere + 1, inZero * hotFrac, inOne, f);
    recurse(cold, m, depthHere + 1, inZero * coldFrac, 0, f);
  }

  return {
    explain(xIn, phiOut) {
      x = xIn;
      phi = phiOut;
      for (let t = 0; t < nTrees; t++) explainTree(t);
      phiOut[nFeatures] += expected;
    },
    explainPath(xIn, phiOut) {
      let bias = flat.baseScore;
      for (let t = 0; t < roots.length; t++) {
        let n = roots[t];
        bias += nodeMean[n];
        let f: number;
        while ((f = feature[n]) >= 0) {
          const v = xIn[f];
          const next = left[n] + (v <= threshold[n] || (v !== v && missingLeft[n] === 1) ? 0 : 1);
          phiOut[f] += nodeMean[next] - nodeMean[n];
          n = next;
        }
      }
      phiOut[nFeatures] += bias;
    },
  };
}
