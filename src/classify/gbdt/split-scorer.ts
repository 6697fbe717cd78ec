// QuickScorer with a memo of its partial state. Every tree of the shipped model reads the command
// line somewhere, so no whole tree can be skipped when only the command line is new; but QuickScorer's
// bitvectors are built by AND-ing one mask per false node, and AND is commutative and associative.
// So the columns are split in two: "static" ones (names, paths, parent, user context: they repeat
// even when every command line is new) are applied first and the resulting bitvectors are memoised,
// keyed by the exact bits of those columns; then the other columns are applied to a copy. The exit
// leaves are then summed in tree order by the same code as the plain scorer, so the margin is
// bit-identical to QuickScorer's (and the tree walk's) whatever columns are called static: the
// partition only decides how often the memo hits. Applying the columns and summing the exit leaves
// run in WebAssembly (quickscorer-wasm.ts: same comparisons, same sums); the memo stays here.

import { gatherKey } from './gather-key.js';
import type { QuickScorerTables } from './quickscorer.js';
import { WasmQuickScorer } from './quickscorer-wasm.js';

export interface SplitScorerStats {
  /** Columns applied from the memoised state / per row. */
  staticColumns: number;
  dynamicColumns: number;
  hits: number;
  misses: number;
}

export class SplitScorer {
  private readonly nStatic: number;
  private readonly nDynamic: number;
  /** The static columns themselves (the memo key is their bits, in this order). */
  private readonly staticCols: Int32Array;
  private readonly nWords: number;
  private readonly qs: WasmQuickScorer;
  /**
   * The working bitvector is state[0 … nWords); memo entry e's bitvector is state[(e + 1) · nWords …):
   * one buffer in the scorer's wasm memory, so a hit is a single copyWithin.
   */
  private readonly state: Int32Array;
  private readonly keys: Int32Array;
  private readonly hashes: Int32Array;
  /** Open addressing, entry index + 1 (0 = empty), at least twice the capacity. */
  private readonly table: Int32Array;
  private readonly tableMask: number;
  private count = 0;
  private readonly key: Int32Array;
  /**
   * The row the scorer reads (in its wasm memory, `rowWidth` columns): a caller that featurizes
   * straight into it saves the copy raw32 makes of any other row.
   */
  readonly row: Float32Array;
  private readonly rowBits: Int32Array;
  private readonly width: number;
  hits = 0;
  misses = 0;

  /** rowWidth: the row length callers use (default: just past the last column a split reads). */
  constructor(tables: QuickScorerTables, isStatic: (column: number) => boolean, private readonly capacity = 2048, rowWidth?: number) {
    if (!(capacity >= 1)) throw new RangeError('SplitScorer: capacity must be at least 1');
    const st: number[] = [];
    const dy: number[] = [];
    tables.usedFeatures.forEach((f, i) => (isStatic(f) ? st : dy).push(i));
    this.nStatic = st.length;
    this.nDynamic = dy.length;
    this.staticCols = Int32Array.from(st, (i) => tables.usedFeatures[i]);
    this.nWords = tables.treeWord[tables.nTrees];
    let lastUsed = -1;
    for (const f of tables.usedFeatures) lastUsed = Math.max(lastUsed, f);
    this.width = rowWidth ?? lastUsed + 1;
    this.qs = new WasmQuickScorer(tables, Int32Array.from([...st, ...dy]), this.width, capacity * this.nWords);
    this.state = this.qs.state;
    this.row = this.qs.row;
    this.rowBits = new Int32Array(this.row.buffer, this.row.byteOffset, this.row.length);
    this.keys = new Int32Array(capacity * st.length);
    this.hashes = new Int32Array(capacity);
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Int32Array(slots);
    this.tableMask = slots - 1;
    this.key = new Int32Array(st.length);
  }

  stats(): SplitScorerStats {
    return { staticColumns: this.nStatic, dynamicColumns: this.nDynamic, hits: this.hits, misses: this.misses };
  }

  /** The raw margin of the row at x[offset]: identical to QuickScorer's raw32. */
  raw32(x: Float32Array, offset: number): number {
    if (x !== this.row || offset !== 0) {
      if (!(offset >= 0 && offset + this.width <= x.length)) throw new RangeError(`SplitScorer: a row of ${this.width} columns does not fit at ${offset} of ${x.length}`);
      this.row.set(x.subarray(offset, offset + this.width));
    }
    const { nWords, state, qs } = this;
    const h = gatherKey(this.rowBits, 0, this.staticCols, this.key);
    const entry = this.find(h);
    if (entry >= 0) {
      this.hits++;
      state.copyWithin(0, (entry + 1) * nWords, (entry + 2) * nWords);
    } else {
      this.misses++;
      state.fill(-1, 0, nWords);
      qs.apply(0, this.nStatic);
      this.store(h);
    }
    qs.apply(this.nStatic, this.nStatic + this.nDynamic);
    return qs.exits();
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
}
