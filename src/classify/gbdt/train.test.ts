import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { rocAuc } from './metrics.js';
import { serializeModel } from './serialize.js';
import { makeDataset } from './test-data.js';
import { logloss, train } from './train.js';
import { featureImportance } from './importance.js';
import type { Dataset, GbdtModel, TrainParams } from './types.js';

const base: TrainParams = {
  nTrees: 60,
  learningRate: 0.2,
  maxDepth: 4,
  maxLeaves: 8,
  minChildWeight: 1,
  lambdaL2: 1,
  rowSubsample: 1,
  colSubsample: 1,
  maxBins: 64,
  seed: 1,
};

function scores(m: GbdtModel, ds: Dataset): Float64Array {
  const out = new Float64Array(ds.rows);
  compile(m).predictBatch(ds.X, ds.rows, out);
  return out;
}

describe('train', () => {
  it('learns XOR, which no single split can', () => {
    const gen = (_: unknown, x: Float32Array): boolean => x[0] > 0 !== x[1] > 0;
    const tr = makeDataset(2000, 3, 1, gen);
    const te = makeDataset(1000, 3, 2, gen);
    const m = train(tr, base);
    expect(rocAuc(scores(m, te), te.y)).toBeGreaterThan(0.99);
    // the noise column never explains the interaction
    const used = new Set(m.trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
    expect(used.has(0) && used.has(1)).toBe(true);
  });

  it('separates a linearly separable problem (AUC 1) and the base score is the log-odds of the prior', () => {
    const gen = (_: unknown, x: Float32Array): boolean => x[0] + 0.5 * x[1] > 0.3;
    const tr = makeDataset(1500, 2, 3, gen);
    const te = makeDataset(1000, 2, 33, gen);
    const m = train(tr, { ...base, nTrees: 100 });
    // axis-aligned trees only approximate an oblique boundary: a handful of bin-mates may tie
    expect(rocAuc(scores(m, tr), tr.y)).toBeGreaterThan(0.9995);
    expect(rocAuc(scores(m, te), te.y)).toBeGreaterThan(0.999);
    let pos = 0;
    for (const v of tr.y) pos += v;
    expect(m.baseScore).toBeCloseTo(Math.log(pos / (tr.rows - pos)), 9);
  });

  it('learns the direction of missing values (NaN means positive)', () => {
    // f0 is NaN for positives half of the time; otherwise labels depend weakly on f1.
    const tr = makeDataset(
      2000,
      2,
      4,
      (rng, x) => {
        const pos = rng.next() < 0.3;
        if (pos && rng.next() < 0.8) x[0] = NaN;
        return pos;
      },
    );
    const m = train(tr, { ...base, nTrees: 30 });
    const cm = compile(m);
    const withNaN = cm.predictProba(Float32Array.of(NaN, 0));
    const without = cm.predictProba(Float32Array.of(0.1, 0));
    expect(withNaN).toBeGreaterThan(0.9);
    expect(without).toBeLessThan(0.2);
    // the split on f0 sends NaN to the side with the positive leaf
    const root = m.trees[0];
    expect(root.feature[0]).toBe(0);
    const nanChild = root.missingGoesLeft[0] ? root.left[0] : root.right[0];
    expect(root.leafValue[nanChild] > 0 || root.feature[nanChild] >= 0).toBe(true);
  });

  it('class weights shift predicted probabilities toward the up-weighted class', () => {
    const gen = (rng: { next(): number }, x: Float32Array): boolean => rng.next() < 0.2 + 0.2 * x[0];
    const tr = makeDataset(2000, 2, 5, gen);
    const plain = compile(train(tr, { ...base, nTrees: 20 }));
    const weighted = compile(train(tr, { ...base, nTrees: 20, classWeights: { pos: 5, neg: 1 } }));
    let sp = 0;
    let sw = 0;
    for (let r = 0; r < tr.rows; r++) {
      sp += plain.predictProba(tr.X, r * 2);
      sw += weighted.predictProba(tr.X, r * 2);
    }
    expect(sp / tr.rows).toBeLessThan(0.3);
    expect(sw / tr.rows).toBeGreaterThan(sp / tr.rows + 0.2);
  });

  it('early stopping stops, keeps the best validation round and truncates the trees', () => {
    // pure noise labels: validation loss stops improving almost at once
    const gen = (rng: { next(): number }): boolean => rng.next() < 0.5;
    const tr = makeDataset(800, 4, 6, gen);
    const va = makeDataset(800, 4, 7, gen);
    const rounds: number[] = [];
    const m = train(tr, { ...base, nTrees: 200, learningRate: 0.3, earlyStoppingRounds: 5 }, va, (r) => rounds.push(r.round));
    expect(rounds.length).toBeLessThan(200);
    expect(m.trees.length).toBe(m.bestIteration + 1);
    expect(rounds.length).toBe(m.bestIteration + 1 + 5);
    const losses = m.trainLog.map((r) => r.validLogloss as number);
    expect(Math.min(...losses)).toBe(losses[m.bestIteration]);
    // training loss still went down on the noise: the model was overfitting when it stopped
    expect(m.trainLog[rounds.length - 1].trainLogloss).toBeLessThan(m.trainLog[0].trainLogloss);
  });

  it('is deterministic per seed: identical bytes for the same seed, different with another seed', () => {
    const gen = (rng: { next(): number }, x: Float32Array): boolean => x[0] * x[1] + 0.3 * rng.next() > 0;
    const tr = makeDataset(1500, 6, 8, gen);
    const p = { ...base, nTrees: 15, rowSubsample: 0.7, colSubsample: 0.5 };
    const a = serializeModel(train(tr, p));
    const b = serializeModel(train(tr, p));
    const c = serializeModel(train(tr, { ...p, seed: 2 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('with row subsampling, the margins tracked in training equal compiled inference (binned walk = raw walk)', () => {
    const gen = (rng: { next(): number }, x: Float32Array): boolean => x[0] + (Number.isNaN(x[1]) ? 1 : x[1]) > rng.next();
    const tr = makeDataset(2000, 3, 12, gen, (rng, f) => (f === 1 && rng.next() < 0.2 ? NaN : rng.next() * 2 - 1));
    const m = train(tr, { ...base, nTrees: 20, rowSubsample: 0.6, colSubsample: 0.67 });
    const last = m.trainLog[m.trainLog.length - 1].trainLogloss;
    expect(last).toBeCloseTo(logloss(scores(m, tr), tr.y), 10);
    const imp = featureImportance(m);
    expect(imp[0].feature === 'f0' || imp[0].feature === 'f1').toBe(true);
    expect(imp.reduce((a, e) => a + e.splits, 0)).toBe(m.trees.reduce((a, t) => a + t.feature.filter((f) => f >= 0).length, 0));
  });

  it('respects maxLeaves, maxDepth and minChildWeight', () => {
    const gen = (rng: { next(): number }, x: Float32Array): boolean => Math.sin(3 * x[0]) + x[1] * x[2] > rng.next() - 0.5;
    const tr = makeDataset(3000, 3, 9, gen);
    const m = train(tr, { ...base, nTrees: 10, maxDepth: 3, maxLeaves: 6, minChildWeight: 20 });
    for (const t of m.trees) {
      const leaves = t.feature.filter((f) => f < 0).length;
      expect(leaves).toBeLessThanOrEqual(6);
      const depth = new Array<number>(t.feature.length).fill(0);
      for (let i = 0; i < t.feature.length; i++) {
        if (t.feature[i] < 0) continue;
        depth[t.left[i]] = depth[t.right[i]] = depth[i] + 1;
      }
      expect(Math.max(...depth)).toBeLessThanOrEqual(3);
      for (let i = 0; i < t.feature.length; i++) if (t.feature[i] < 0) expect(t.cover[i]).toBeGreaterThanOrEqual(20);
    }
  });

  it('handles binary and sparse features exactly (threshold between 0 and 1)', () => {
    const tr = makeDataset(
      1000,
      2,
      10,
      (_, x) => x[0] === 1,
      (rng, f) => (f === 0 ? (rng.next() < 0.1 ? 1 : 0) : rng.next()),
    );
    const m = train(tr, { ...base, nTrees: 5 });
    expect(m.trees[0].feature[0]).toBe(0);
    expect(m.trees[0].threshold[0]).toBe(0.5);
  });

  it('rejects bad parameters and mismatched data with a clear message', () => {
    const tr = makeDataset(10, 2, 11, () => true);
    expect(() => train(tr, { ...base, maxBins: 300 })).toThrow(/maxBins/);
    expect(() => train({ ...tr, y: new Uint8Array(3) }, base)).toThrow(/y has 3 labels/);
  });
});
