// The boosting loop: binary logistic loss, seeded row/column subsampling, class weights, early stopping
// on validation logloss (the model is truncated to the best round). Single-threaded and deterministic:
// the same data, params and seed give the same trees bit for bit.

import { binDataset, type BinnedMatrix } from './binning.js';
import { TreeGrower, roundSig, type GrownTree } from './grow.js';
import { Rng } from './prng.js';
import type { Dataset, GbdtModel, RoundLog, TrainParams, TreeJson } from './types.js';

export function train(data: Dataset, params: TrainParams, valid?: Dataset, onRound?: (r: RoundLog) => void): GbdtModel {
  checkParams(params);
  checkDataset(data, 'train');
  if (valid) {
    checkDataset(valid, 'valid');
    if (valid.cols !== data.cols) throw new RangeError(`valid has ${valid.cols} columns, train has ${data.cols}`);
  }
  const n = data.rows;
  const bm = binDataset(data, params.maxBins);
  const w = rowWeights(data, params);
  const baseScore = roundSig(logit(weightedPositiveRate(data.y, w)));
  const pred = new Float64Array(n).fill(baseScore);
  const validPred = valid ? new Float64Array(valid.rows).fill(baseScore) : null;
  const gh = new Float64Array(2 * n);
  const grower = new TreeGrower(bm);
  const rng = new Rng(params.seed);
  const settings = {
    lambda: params.lambdaL2,
    minChildWeight: params.minChildWeight,
    minGain: Math.max(params.minSplitGain ?? 0, 1e-12),
    maxDepth: params.maxDepth,
    maxLeaves: params.maxLeaves ?? 2 ** Math.min(params.maxDepth, 30),
    learningRate: params.learningRate,
  };
  const trees: TreeJson[] = [];
  const log: RoundLog[] = [];
  let best = Infinity;
  let bestIteration = -1;
  let pending: RoundLog | null = null;

  const emit = (trainLogloss: number): void => {
    if (!pending) return;
    pending.trainLogloss = roundSig(trainLogloss);
    log.push(pending);
    onRound?.(pending);
    pending = null;
  };

  for (let t = 0; t < params.nTrees; t++) {
    emit(gradients(pred, data.y, w, gh));
    const nRows = sampleRows(grower.idx, n, params.rowSubsample, rng);
    const feats = sampleFeatures(bm.usable, params.colSubsample, rng);
    const grown = grower.grow(gh, nRows, feats, settings);
    trees.push(grown.tree);
    if (nRows === n) addBySegments(grown, grower.idx, pred);
    else addByBinnedWalk(grown, bm, pred);
    const entry: RoundLog = { round: t, trainLogloss: 0, leaves: grown.leafNodes.length };
    pending = entry;
    if (valid && validPred) {
      addRawTree(grown.tree, valid.X, valid.cols, valid.rows, validPred);
      const vl = logloss(validPred, valid.y, valid.weight);
      entry.validLogloss = roundSig(vl);
      if (vl < best) {
        best = vl;
        bestIteration = t;
      } else if (params.earlyStoppingRounds !== undefined && t - bestIteration >= params.earlyStoppingRounds) {
        break;
      }
    } else {
      bestIteration = t;
    }
  }
  emit(gradients(pred, data.y, w, gh));
  // Truncate to the best round only when early stopping was asked for; otherwise keep every tree.
  const keep = valid && params.earlyStoppingRounds !== undefined ? bestIteration + 1 : trees.length;
  return {
    version: 1,
    objective: 'binary:logistic',
    featureNames: [...data.featureNames],
    baseScore,
    trees: trees.slice(0, keep),
    bestIteration: keep - 1,
    params: cleanParams(params),
    trainLog: log,
  };
}

/** Fills gh with [g, h] per row and returns the mean logloss of the current margins (sample weights only). */
function gradients(pred: Float64Array, y: Uint8Array, w: Float64Array, gh: Float64Array): number {
  let loss = 0;
  for (let r = 0; r < pred.length; r++) {
    const f = pred[r];
    const e = Math.exp(-f);
    const p = 1 / (1 + e);
    const yr = y[r];
    const wr = w[r];
    gh[2 * r] = (p - yr) * wr;
    gh[2 * r + 1] = Math.max(p * (1 - p), 1e-16) * wr;
    // log(1 + e^-f) computed stably for both signs of f.
    const sp = f > 0 ? Math.log1p(e) : -f + Math.log1p(1 / e);
    loss += yr ? sp : sp + f;
  }
  return pred.length ? loss / pred.length : 0;
}

/** Mean logloss of margins against labels, optionally weighted. */
export function logloss(margin: Float64Array, y: Uint8Array, weight?: Float32Array): number {
  let loss = 0;
  let wsum = 0;
  for (let r = 0; r < margin.length; r++) {
    const f = margin[r];
    const sp = f > 0 ? Math.log1p(Math.exp(-f)) : -f + Math.log1p(Math.exp(f));
    const wr = weight ? weight[r] : 1;
    loss += wr * (y[r] ? sp : sp + f);
    wsum += wr;
  }
  return wsum > 0 ? loss / wsum : 0;
}

function rowWeights(data: Dataset, p: TrainParams): Float64Array {
  const w = new Float64Array(data.rows);
  const pos = p.classWeights?.pos ?? 1;
  const neg = p.classWeights?.neg ?? 1;
  for (let r = 0; r < data.rows; r++) w[r] = (data.weight ? data.weight[r] : 1) * (data.y[r] ? pos : neg);
  return w;
}

function weightedPositiveRate(y: Uint8Array, w: Float64Array): number {
  let pos = 0;
  let all = 0;
  for (let r = 0; r < y.length; r++) {
    all += w[r];
    if (y[r]) pos += w[r];
  }
  const p = all > 0 ? pos / all : 0.5;
  return Math.min(1 - 1e-6, Math.max(1e-6, p));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function sampleRows(idx: Uint32Array, n: number, rate: number, rng: Rng): number {
  if (rate >= 1) {
    for (let r = 0; r < n; r++) idx[r] = r;
    return n;
  }
  let m = 0;
  for (let r = 0; r < n; r++) if (rng.next() < rate) idx[m++] = r;
  return m;
}

function sampleFeatures(usable: Int32Array, rate: number, rng: Rng): Int32Array {
  if (rate >= 1 || usable.length <= 1) return usable;
  const k = Math.max(1, Math.round(rate * usable.length));
  const a = Int32Array.from(usable);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.subarray(0, k).sort();
}

function addBySegments(g: GrownTree, idx: Uint32Array, pred: Float64Array): void {
  for (let k = 0; k < g.leafNodes.length; k++) {
    const v = g.tree.leafValue[g.leafNodes[k]];
    for (let i = g.leafStart[k]; i < g.leafEnd[k]; i++) pred[idx[i]] += v;
  }
}

function addByBinnedWalk(g: GrownTree, bm: BinnedMatrix, pred: Float64Array): void {
  const { feature, left, missingGoesLeft, leafValue } = g.tree;
  const { bins, rows, nValueBins } = bm;
  for (let r = 0; r < rows; r++) {
    let nd = 0;
    let f: number;
    while ((f = feature[nd]) >= 0) {
      const b = bins[f * rows + r];
      const goLeft = b === nValueBins[f] ? missingGoesLeft[nd] === 1 : b <= g.splitBin[nd];
      nd = goLeft ? left[nd] : left[nd] + 1;
    }
    pred[r] += leafValue[nd];
  }
}

function addRawTree(t: TreeJson, X: Float32Array, cols: number, rows: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    let nd = 0;
    let f: number;
    while ((f = t.feature[nd]) >= 0) {
      const v = X[r * cols + f];
      const goLeft = v <= t.threshold[nd] || (v !== v && t.missingGoesLeft[nd] === 1);
      nd = goLeft ? t.left[nd] : t.right[nd];
    }
    out[r] += t.leafValue[nd];
  }
}

function checkDataset(d: Dataset, what: string): void {
  if (!(Number.isInteger(d.rows) && d.rows > 0 && Number.isInteger(d.cols) && d.cols > 0))
    throw new RangeError(`${what}: rows and cols must be positive integers`);
  if (d.X.length !== d.rows * d.cols) throw new RangeError(`${what}: X has ${d.X.length} values, expected rows*cols = ${d.rows * d.cols}`);
  if (d.y.length !== d.rows) throw new RangeError(`${what}: y has ${d.y.length} labels, expected ${d.rows}`);
  if (d.weight && d.weight.length !== d.rows) throw new RangeError(`${what}: weight has ${d.weight.length} values, expected ${d.rows}`);
  if (d.featureNames.length !== d.cols) throw new RangeError(`${what}: ${d.featureNames.length} feature names for ${d.cols} columns`);
  for (let r = 0; r < d.rows; r++) if (d.y[r] > 1) throw new RangeError(`${what}: label at row ${r} is ${d.y[r]}, expected 0 or 1`);
}

function checkParams(p: TrainParams): void {
  const bad = (msg: string): never => {
    throw new RangeError(`TrainParams: ${msg}`);
  };
  if (!(Number.isInteger(p.nTrees) && p.nTrees >= 1)) bad('nTrees must be an integer ≥ 1');
  if (!(p.learningRate > 0)) bad('learningRate must be > 0');
  if (!(Number.isInteger(p.maxDepth) && p.maxDepth >= 1)) bad('maxDepth must be an integer ≥ 1');
  if (p.maxLeaves !== undefined && !(Number.isInteger(p.maxLeaves) && p.maxLeaves >= 2)) bad('maxLeaves must be an integer ≥ 2');
  if (!(p.minChildWeight >= 0)) bad('minChildWeight must be ≥ 0');
  if (!(p.lambdaL2 >= 0)) bad('lambdaL2 must be ≥ 0');
  if (!(p.rowSubsample > 0 && p.rowSubsample <= 1)) bad('rowSubsample must be in (0, 1]');
  if (!(p.colSubsample > 0 && p.colSubsample <= 1)) bad('colSubsample must be in (0, 1]');
  if (!(Number.isInteger(p.maxBins) && p.maxBins >= 2 && p.maxBins <= 256)) bad('maxBins must be an integer in [2, 256]');
  if (p.classWeights && !(p.classWeights.pos > 0 && p.classWeights.neg > 0)) bad('classWeights must be > 0');
  if (p.earlyStoppingRounds !== undefined && !(Number.isInteger(p.earlyStoppingRounds) && p.earlyStoppingRounds >= 1))
    bad('earlyStoppingRounds must be an integer ≥ 1');
  if (!Number.isInteger(p.seed)) bad('seed must be an integer');
}

/** The params as stored in the model: only known keys, optional ones only when set (stable bytes). */
function cleanParams(p: TrainParams): TrainParams {
  const out: TrainParams = {
    nTrees: p.nTrees,
    learningRate: p.learningRate,
    maxDepth: p.maxDepth,
    minChildWeight: p.minChildWeight,
    lambdaL2: p.lambdaL2,
    rowSubsample: p.rowSubsample,
    colSubsample: p.colSubsample,
    maxBins: p.maxBins,
    seed: p.seed,
  };
  if (p.maxLeaves !== undefined) out.maxLeaves = p.maxLeaves;
  if (p.minSplitGain !== undefined) out.minSplitGain = p.minSplitGain;
  if (p.classWeights) out.classWeights = { pos: p.classWeights.pos, neg: p.classWeights.neg };
  if (p.earlyStoppingRounds !== undefined) out.earlyStoppingRounds = p.earlyStoppingRounds;
  return out;
}
