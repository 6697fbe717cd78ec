// QuickScorer with a memo of its partial state. Every tree of the shipped model reads the command
// line somewhere, so no whole tree can be skipped when only the command line is new; but QuickScorer's
// bitvectors are built by AND-ing one mask per false node, and AND is commutative and associative.
// So the columns are split in two: "static" ones (names, paths, parent, user context: they repeat
// even when every command line is new) are applied first and the resulting bitvectors are memoised,
// keyed by the exact bits of those columns; then the other columns are applied to a copy. The exit
// leaves are then summed in tree order by the same code as the plain scorer, so the margin is
// bit-identical to QuickScorer's (and the tree walk's) whatever columns are called static: the
// partition only decides how often the memo hits.

import { gatherKey } from './margin-memo.js';
import { exitSum, type QuickScorerTables } from './quickscorer.js';

export interface SplitScorerStats {
  /** Columns applied from the memoised state / per row. */
  staticColumns: number;
  dynamicColumns: number;
  hits: number;
  misses: number;
}

export class SplitScorer {
  private readonly t: QuickScorerTables;
  /** Indices into t.usedFeatures of the static and the per-row columns. */
  private readonly staticIdx: Int32Array;
  private readonly dynamicIdx: Int32Array;
  /** The static columns themselves (the memo key is their bits, in this order). */
  private readonly staticCols: Int32Array;
  private readonly nWords: number;
  /**
   * The working bitvector is state[0 … nWords); memo entry e's bitvector is state[(e + 1) · nWords …):
   * one buffer, so a hit is a single copyWithin (no view object per row).
   */
  private readonly state: Int32Array;
  private readonly keys: Int32Array;
  private readonly hashes: Int32Array;
  /** Open addressing, entry index + 1 (0 = empty), at least twice the capacity. */
  private readonly table: Int32Array;
  private readonly tableMask: number;
  private count = 0;
  private readonly key: Int32Array;
  private row?: Float32Array;
  private rowBits: Int32Array<ArrayBufferLike> = new Int32Array(0);
  hits = 0;
  misses = 0;

  constructor(
    tables: QuickScorerTables,
    isStatic: (column: number) => boolean,
    private readonly capacity = 2048,
  ) {
    if (!(capacity >= 1)) throw new RangeError('SplitScorer: capacity must be at least 1');
    this.t = tables;
    const st: number[] = [];
    const dy: number[] = [];
    tables.usedFeatures.forEach((f, i) => (isStatic(f) ? st : dy).push(i));
    this.staticIdx = Int32Array.from(st);
    this.dynamicIdx = Int32Array.from(dy);
    this.staticCols = Int32Array.from(st, (i) => tables.usedFeatures[i]);
    this.nWords = tables.treeWord[tables.nTrees];
    this.state = new Int32Array((capacity + 1) * this.nWords);
    this.keys = new Int32Array(capacity * st.length);
    this.hashes = new Int32Array(capacity);
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Int32Array(slots);
    this.tableMask = slots - 1;
    this.key = new Int32Array(st.length);
  }

  stats(): SplitScorerStats {
    return { staticColumns: this.staticIdx.length, dynamicColumns: this.dynamicIdx.length, hits: this.hits, misses: this.misses };
  }

  /** The raw margin of the row at x[offset]: identical to QuickScorer's raw32. */
  raw32(x: Float32Array, offset: number): number {
    if (x !== this.row) {
      this.row = x;
      this.rowBits = new Int32Array(x.buffer, x.byteOffset, x.length);
    }
    const { nWords, state } = this;
    const h = gatherKey(this.rowBits, offset, this.staticCols, this.key);
    const entry = this.find(h);
    if (entry >= 0) {
      this.hits++;
      state.copyWithin(0, (entry + 1) * nWords, (entry + 2) * nWords);
    } else {
      this.misses++;
      state.fill(-1, 0, nWords);
      this.apply(x, offset, this.staticIdx);
      this.store(h);
    }
    this.apply(x, offset, this.dynamicIdx);
    return exitSum(this.t, state);
  }

  private find(h: number): number {
    const { table, keys, hashes, key } = this;
    const width = key.length;
    for (let s = h & this.tableMask; table[s] !== 0; s = (s + 1) & this.tableMask) {
      const e = table[s] - 1;
      if (hashes[e] !== h) continue;
      const base = e * width;
      let k = 0;
      while (k < width && keys[base + k] === key[k]) k++;
      if (k === width) return e;
    }
    return -1;
  }

  /** Keeps the working bitvector (the static columns applied) under the last key. */
  private store(h: number): void {
    if (this.count >= this.capacity) {
      this.table.fill(0);
      this.count = 0;
    }
    const e = this.count++;
    this.keys.set(this.key, e * this.key.length);
    this.hashes[e] = h;
    this.state.copyWithin((e + 1) * this.nWords, 0, this.nWords);
    let s = h & this.tableMask;
    while (this.table[s] !== 0) s = (s + 1) & this.tableMask;
    this.table[s] = e + 1;
  }

  /** QuickScorer's per-column step (quickscorer.ts raw32) for the listed used-column indices. */
  private apply(x: Float32Array, offset: number, which: Int32Array): void {
    const { usedFeatures, nanStart, nan, groupStart, thr, cmpStart, end, cmp } = this.t;
    const bv = this.state;
    for (let j = 0; j < which.length; j++) {
      const i = which[j];
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
  }
}
