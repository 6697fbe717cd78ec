// GBDT benchmark: training time on 200k synthetic rows × 100 features (50 dense numeric with some
// missing values, 50 sparse 0/1 flags, labels from interactions + noise), then predictBatch rows/s and
// TreeSHAP rows/s. Records bench/results/gbdt.json through bench/common.ts.
// Run: npm run build && node dist/bench/gbdt.js   (or call runGbdtBench()).
// Wall time on a shared machine is inflated by other processes; CPU time (process.cpuUsage) is reported beside it.

import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { compile, rocAuc, serializeModel, train, treeShap, type Dataset, type GbdtModel, type TrainParams } from '../src/classify/gbdt/index.js';
import { Rng } from '../src/classify/gbdt/prng.js';
import { record } from './common.js';

const DENSE = 50;
const SPARSE = 50;

function synth(rows: number, seed: number): Dataset {
  const cols = DENSE + SPARSE;
  const rng = new Rng(seed);
  const X = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let f = 0; f < DENSE; f++) X[o + f] = f % 10 === 7 && rng.next() < 0.1 ? NaN : rng.next() * 2 - 1;
    for (let f = 0; f < SPARSE; f++) X[o + DENSE + f] = rng.next() < 0.02 + 0.002 * f ? 1 : 0;
    const miss = Number.isNaN(X[o + 7]) ? 1 : 0;
    const s =
      2 * X[o] * X[o + 1] + Math.sin(3 * X[o + 2]) + 1.5 * X[o + DENSE] - X[o + DENSE + 1] + 2 * X[o + DENSE + 2] * X[o + 3] + miss + (rng.next() - 0.5) * 2;
    y[r] = s > 0.8 ? 1 : 0;
  }
  return { rows, cols, X, y, featureNames: Array.from({ length: cols }, (_, i) => (i < DENSE ? `num${i}` : `flag${i - DENSE}`)) };
}

function timed<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const wallMs = performance.now() - t;
  const u = process.cpuUsage(c);
  return { value, wallMs: Math.round(wallMs), cpuMs: Math.round((u.user + u.system) / 1000) };
}

function inference(model: GbdtModel, test: Dataset, shapRows: number): Record<string, number> {
  const cm = compile(model);
  const out = new Float64Array(test.rows);
  cm.predictBatch(test.X, Math.min(test.rows, 5000), out); // warm-up
  const pred = timed(() => cm.predictBatch(test.X, test.rows, out));
  const auc = rocAuc(out, test.y);
  let maxErr = 0;
  const shap = timed(() => {
    for (let r = 0; r < shapRows; r++) {
      const phi = treeShap(cm, test.X.subarray(r * test.cols, (r + 1) * test.cols));
      let sum = 0;
      for (let i = 0; i < phi.length; i++) sum += phi[i];
      maxErr = Math.max(maxErr, Math.abs(sum - out[r]));
    }
  });
  let leaves = 0;
  for (const t of model.trees) for (const f of t.feature) if (f < 0) leaves++;
  return {
    trees: model.trees.length,
    meanLeavesPerTree: Math.round((leaves / model.trees.length) * 10) / 10,
    testAuc: Math.round(auc * 1e6) / 1e6,
    predictRowsPerSecWall: Math.round(test.rows / (pred.wallMs / 1000)),
    predictRowsPerSecCpu: Math.round(test.rows / (pred.cpuMs / 1000)),
    treeShapRowsPerSecWall: Math.round(shapRows / (shap.wallMs / 1000)),
    treeShapRowsPerSecCpu: Math.round(shapRows / (shap.cpuMs / 1000)),
    treeShapMaxSumError: maxErr,
  };
}

export async function runGbdtBench(): Promise<object> {
  const rows = 200_000;
  const params: TrainParams = {
    nTrees: 200,
    learningRate: 0.1,
    maxDepth: 8,
    maxLeaves: 31,
    minChildWeight: 1,
    lambdaL2: 1,
    rowSubsample: 1,
    colSubsample: 1,
    maxBins: 256,
    seed: 42,
  };
  const data = synth(rows, 1);
  const test = synth(50_000, 2);
  const load = loadavg()[0];
  const fit = timed(() => train(data, params));
  const model = fit.value;
  const sub = timed(() => train(data, { ...params, rowSubsample: 0.8, colSubsample: 0.8 }));
  const result = {
    loadAverageAtStart: Math.round(load * 100) / 100,
    data: { rows, denseNumeric: DENSE, sparseBinary: SPARSE, positiveRate: Math.round((data.y.reduce((a, b) => a + b, 0) / rows) * 1e4) / 1e4 },
    params,
    train: { wallMs: fit.wallMs, cpuMs: fit.cpuMs, finalTrainLogloss: model.trainLog[model.trainLog.length - 1].trainLogloss },
    trainSubsampled08: { wallMs: sub.wallMs, cpuMs: sub.cpuMs },
    modelJsonBytes: serializeModel(model).length,
    inference200: inference(model, test, 2000),
    inference100x15: inference(train(data, { ...params, nTrees: 100, maxLeaves: 15, maxDepth: 6 }), test, 2000),
  };
  record('gbdt', result);
  return result;
}

/** House convention name for a bench entry point. */
export const run = runGbdtBench;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runGbdtBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
