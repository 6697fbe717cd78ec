// Flattens a model into typed arrays (all trees concatenated) for fast inference.
// Each split compares the raw value with its float threshold; NaN follows the learned default side.
// Typed-array rows are scored by the QuickScorer form (same comparisons, same sums: bit-identical
// margins); plain arrays take the tree walk.

import { applyCalibration } from './calibrate.js';
import { buildQuickScorer } from './quickscorer.js';
import type { CompiledModel, FlatForest, GbdtModel } from './types.js';

export function compile(model: GbdtModel): CompiledModel {
  const flat = flatten(model);
  const { roots, feature, threshold, missingLeft, left, value, baseScore } = flat;
  const nTrees = roots.length;
  const nFeatures = model.featureNames.length;

  const rawGeneric = (x: ArrayLike<number>, offset: number): number => {
    let s = baseScore;
    for (let t = 0; t < nTrees; t++) {
      let n = roots[t];
      let f: number;
      while ((f = feature[n]) >= 0) {
        const v = x[offset + f];
        n = left[n] + (v <= threshold[n] || (v !== v && missingLeft[n] === 1) ? 0 : 1);
      }
      s += value[n];
    }
    return s;
  };

  const { raw32, raw64, usedFeatures } = buildQuickScorer(flat);

  // Callers (the classifier) pass a Float32Array row: route it to the typed-array scorer, not the generic walk.
  const predictRaw = (x: ArrayLike<number>, offset = 0): number =>
    x instanceof Float32Array ? raw32(x, offset) : x instanceof Float64Array ? raw64(x, offset) : rawGeneric(x, offset);

  const predictBatch = (X: Float32Array | Float64Array, rows: number, out: Float64Array): void => {
    if (X.length < rows * nFeatures) throw new RangeError(`predictBatch: X has ${X.length} values, need ${rows * nFeatures}`);
    if (out.length < rows) throw new RangeError(`predictBatch: out has ${out.length} slots, need ${rows}`);
    if (X instanceof Float32Array) for (let r = 0; r < rows; r++) out[r] = raw32(X, r * nFeatures);
    else for (let r = 0; r < rows; r++) out[r] = raw64(X, r * nFeatures);
  };

  return {
    nFeatures,
    featureNames: model.featureNames,
    flat,
    usedFeatures,
    predictRaw,
    predictProba: (x, offset = 0) => applyCalibration(flat.calibration, predictRaw(x, offset)),
    predictBatch,
  };
}

export function flatten(model: GbdtModel): FlatForest {
  let total = 0;
  for (const t of model.trees) total += t.feature.length;
  const roots = new Int32Array(model.trees.length);
  const depth = new Int32Array(model.trees.length);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const missingLeft = new Uint8Array(total);
  const left = new Int32Array(total);
  const value = new Float64Array(total);
  const cover = new Float64Array(total);
  let base = 0;
  model.trees.forEach((t, k) => {
    roots[k] = base;
    const nodeDepth = new Int32Array(t.feature.length);
    let maxDepth = 0;
    for (let i = 0; i < t.feature.length; i++) {
      const g = base + i;
      feature[g] = t.feature[i];
      threshold[g] = t.threshold[i];
      missingLeft[g] = t.missingGoesLeft[i];
      left[g] = t.feature[i] >= 0 ? base + t.left[i] : -1;
      value[g] = t.leafValue[i];
      cover[g] = t.cover[i];
      if (t.feature[i] >= 0) {
        // Children always come after their parent, so depths fill in one forward pass.
        nodeDepth[t.left[i]] = nodeDepth[t.right[i]] = nodeDepth[i] + 1;
        maxDepth = Math.max(maxDepth, nodeDepth[i] + 1);
      }
    }
    depth[k] = maxDepth;
    base += t.feature.length;
  });
  return { baseScore: model.baseScore, roots, feature, threshold, missingLeft, left, value, cover, depth, calibration: model.calibration };
}

/** Reference inference by walking the JSON trees (used to check the compiled path). */
export function predictRawTreeWalk(model: GbdtModel, x: ArrayLike<number>, offset = 0): number {
  let s = model.baseScore;
  for (const t of model.trees) {
    let n = 0;
    while (t.feature[n] >= 0) {
      const v = x[offset + t.feature[n]];
      const goLeft = Number.isNaN(v) ? t.missingGoesLeft[n] === 1 : v <= t.threshold[n];
      n = goLeft ? t.left[n] : t.right[n];
    }
    s += t.leafValue[n];
  }
  return s;
}
