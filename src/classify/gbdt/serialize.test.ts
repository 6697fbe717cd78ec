import { describe, expect, it } from 'vitest';
import { OddspawnError } from '../../common/issues.js';
import { compile, predictRawTreeWalk } from './compile.js';
import { parseModel, serializeModel } from './serialize.js';
import { makeDataset } from './test-data.js';
import { train } from './train.js';

const tr = makeDataset(
  1200,
  4,
  31,
  (rng, x) => x[0] - (Number.isNaN(x[1]) ? -1 : x[1]) + 0.5 * rng.next() > 0,
  (rng, f) => (f === 1 && rng.next() < 0.15 ? NaN : f === 3 ? (rng.next() < 0.2 ? 1 : 0) : rng.next() * 2 - 1),
);
const model = train(tr, { nTrees: 25, learningRate: 0.2, maxDepth: 5, maxLeaves: 16, minChildWeight: 1, lambdaL2: 1, rowSubsample: 0.8, colSubsample: 0.75, maxBins: 128, seed: 4 });

describe('model file', () => {
  it('round-trips byte for byte with sorted keys', () => {
    const text = serializeModel(model);
    const back = parseModel(text);
    expect(serializeModel(back)).toBe(text);
    expect(text.indexOf('"baseScore"')).toBeLessThan(text.indexOf('"bestIteration"'));
    expect(text.endsWith('}\n')).toBe(true);
    // the parsed model predicts exactly like the trained one
    const a = compile(model);
    const b = compile(back);
    for (let r = 0; r < 50; r++) expect(b.predictRaw(tr.X, r * 4)).toBe(a.predictRaw(tr.X, r * 4));
  });

  it('rejects corrupt files with a message naming the problem', () => {
    const text = serializeModel(model);
    const expectFail = (s: string, re: RegExp): void => {
      try {
        parseModel(s, 'm.json');
      } catch (e) {
        expect(e).toBeInstanceOf(OddspawnError);
        expect((e as OddspawnError).code).toBe('OS_CONFIG');
        expect((e as Error).message).toMatch(/invalid GBDT model m\.json/);
        expect((e as Error).message).toMatch(re);
        return;
      }
      throw new Error('parseModel accepted a corrupt file');
    };
    expectFail(text.slice(0, text.length / 2), /not valid JSON/);
    const obj = JSON.parse(text);
    expectFail(JSON.stringify({ ...obj, version: 2 }), /version/);
    const badLeaf = structuredClone(obj);
    badLeaf.trees[1].leafValue = badLeaf.trees[1].leafValue.slice(1);
    expectFail(JSON.stringify(badLeaf), /trees\.1\.leafValue: \d+ entries, expected \d+/);
    const badFeature = structuredClone(obj);
    badFeature.trees[0].feature[0] = 9;
    expectFail(JSON.stringify(badFeature), /feature 9 out of range/);
    const badChild = structuredClone(obj);
    badChild.trees[0].left[0] = 0;
    expectFail(JSON.stringify(badChild), /children must be/);
    const badType = structuredClone(obj);
    badType.trees[2].threshold[0] = 'x';
    expectFail(JSON.stringify(badType), /trees\.2\.threshold\.0/);
  });
});

describe('compiled inference', () => {
  it('equals the tree walk on training rows, NaN rows and unseen values', () => {
    const cm = compile(model);
    const out = new Float64Array(tr.rows);
    cm.predictBatch(tr.X, tr.rows, out);
    for (let r = 0; r < tr.rows; r++) {
      expect(out[r]).toBe(predictRawTreeWalk(model, tr.X, r * 4));
      expect(cm.predictRaw(tr.X, r * 4)).toBe(out[r]);
    }
    const odd = [Float64Array.of(NaN, NaN, NaN, NaN), Float64Array.of(5, -5, 0.5, 2), Float64Array.of(-1e30, 1e30, 0, -0)];
    for (const x of odd) expect(cm.predictRaw(x)).toBe(predictRawTreeWalk(model, x));
    const p = cm.predictProba(tr.X, 0);
    expect(p).toBeCloseTo(1 / (1 + Math.exp(-out[0])), 12);
  });
});
