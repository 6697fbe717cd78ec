// The hand-written wasm module: its integer encodings are the format's (LEB128 examples of the
// spec), and its scorer gives the tree walk's margins bit for bit — all columns applied at once or
// in any two ranges, trees of one and of several bitvector words, rows on every threshold, just
// above and below it (float32 rounding), NaN, ±0, ±Infinity, denormals.

import { describe, expect, it } from 'vitest';
import { flatten, predictRawTreeWalk } from './compile.js';
import { Rng } from './prng.js';
import { quickScorerTables } from './quickscorer.js';
import { WasmQuickScorer } from './quickscorer-wasm.js';
import { makeDataset } from './test-data.js';
import { train } from './train.js';
import type { GbdtModel } from './types.js';
import { encodeModule, i32Const, uleb } from './wasm-encode.js';

describe('wasm encoding', () => {
  it('writes unsigned and signed LEB128 as the spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb(-1)).toThrow(RangeError);
    expect(i32Const(0).slice(1)).toEqual([0]);
    expect(i32Const(63).slice(1)).toEqual([0x3f]);
    expect(i32Const(64).slice(1)).toEqual([0xc0, 0x00]);
    expect(i32Const(-1).slice(1)).toEqual([0x7f]);
    expect(i32Const(-123456).slice(1)).toEqual([0xc0, 0xbb, 0x78]);
    expect(i32Const(0x7fffffff).slice(1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(i32Const(-0x80000000).slice(1)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('builds a module the engine accepts', () => {
    const bytes = encodeModule([{ exportName: 'k', params: [], results: [0x7f], locals: [0x7f, 0x7f, 0x7c], code: i32Const(-123456) }]);
    const WA = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(WA.validate(bytes)).toBe(true);
  });
});

const COLS = 6;
const data = makeDataset(
  2000,
  COLS,
  21,
  (rng, x) => (Number.isNaN(x[0]) ? 0.3 : x[0]) + x[1] * x[2] + (x[3] === 2 ? 0.6 : 0) - x[5] + 0.3 * rng.next() > 0.2,
  (rng, f) => {
    const u = rng.next();
    if (f === 3) return u < 0.1 ? NaN : Math.floor(u * 4);
    return u < 0.05 ? NaN : u < 0.06 ? -0 : u < 0.07 ? (u < 0.065 ? Infinity : -Infinity) : rng.next() * 2 - 1;
  },
);

function model(maxLeaves: number, maxDepth: number): GbdtModel {
  return train(data, { nTrees: 20, learningRate: 0.3, maxDepth, maxLeaves, minChildWeight: 0.3, lambdaL2: 1, rowSubsample: 0.9, colSubsample: 1, maxBins: 128, seed: 4 });
}

/** Rows on, just above and just below every threshold (as float32), and odd values everywhere. */
function hostileRows(m: GbdtModel): Float32Array[] {
  const rows: Float32Array[] = [];
  const rng = new Rng(5);
  const odd = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38];
  for (const t of m.trees)
    t.feature.forEach((f, i) => {
      if (f < 0) return;
      const th = Math.fround(t.threshold[i]);
      for (const v of [t.threshold[i], th, th + Math.abs(th) * 1e-7 + 1e-45, th - Math.abs(th) * 1e-7 - 1e-45]) {
        const x = new Float32Array(COLS);
        for (let c = 0; c < COLS; c++) x[c] = rng.next() < 0.3 ? odd[rng.int(odd.length)] : rng.next() * 2 - 1;
        x[f] = v;
        rows.push(x);
      }
    });
  for (const v of odd) rows.push(new Float32Array(COLS).fill(v));
  return rows;
}

describe('WasmQuickScorer', () => {
  for (const [leaves, depth] of [
    [12, 4],
    [24, 6],
    [70, 10],
  ] as const) {
    it(`equals the tree walk, all columns or any two ranges (≤ ${leaves} leaves per tree)`, () => {
      const m = model(leaves, depth);
      const t = quickScorerTables(flatten(m));
      if (leaves > 32) expect(t.oneWordEach).toBe(false);
      const n = t.usedFeatures.length;
      const order = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
      const qs = new WasmQuickScorer(t, order, COLS, 0);
      const rows = [...hostileRows(m), ...Array.from({ length: data.rows }, (_, r) => data.X.subarray(r * COLS, (r + 1) * COLS))];
      let differ = 0;
      for (const x of rows) {
        const want = predictRawTreeWalk(m, x);
        qs.row.set(x);
        for (let cut = 0; cut <= n; cut++) {
          qs.state.fill(-1, 0, qs.nWords);
          qs.apply(cut, n);
          qs.apply(0, cut);
          if (!Object.is(qs.exits(), want)) differ++;
        }
      }
      expect(rows.length).toBeGreaterThan(data.rows + 100);
      expect(differ).toBe(0);
    });
  }

  it('scores a forest of single-leaf trees as the sum of its leaves', () => {
    const m = model(8, 3);
    const stumps: GbdtModel = {
      ...m,
      trees: [0.25, -0.5].map((v) => ({ feature: [-1], threshold: [0], missingGoesLeft: [0], left: [-1], right: [-1], leafValue: [v], cover: [1], gain: [0] })),
    };
    const t = quickScorerTables(flatten(stumps));
    const qs = new WasmQuickScorer(t, new Int32Array(0), COLS, 0);
    qs.state.fill(-1, 0, qs.nWords);
    expect(qs.exits()).toBe(m.baseScore + 0.25 - 0.5);
  });

  it('refuses a row narrower than the columns the splits read', () => {
    const t = quickScorerTables(flatten(model(8, 3)));
    const last = Math.max(...t.usedFeatures);
    expect(() => new WasmQuickScorer(t, new Int32Array(0), last, 0)).toThrow(RangeError);
  });
});
