// A bounded memo of margins keyed by the exact bits of the columns a forest reads. Process-start
// telemetry repeats itself (the same program, arguments, parent and account), so most rows a scorer
// sees have been scored before; a hit costs one branch-free pass over the used columns and one
// comparison instead of ~1,000 scattered split tests. The key is the full vector of used-column bits,
// compared in full on every hit, so a hit returns exactly what the forest would (bitwise equality is
// stricter than numeric equality: -0 vs 0 or two NaN payloads only cost a miss). When the table
// fills, everything is dropped at once (deterministic, no LRU bookkeeping).

/**
 * Copies the bits of `cols` (of the row at `offset`) into `key` and returns their hash. Two interleaved FNV-style
 * chains halve the multiply latency on the critical path.
 */
export function gatherKey(rowBits: Int32Array<ArrayBufferLike>, offset: number, cols: Int32Array, key: Int32Array): number {
  const width = cols.length;
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 | 0;
  let i = 0;
  for (; i + 1 < width; i += 2) {
    const a = rowBits[offset + cols[i]];
    const c = rowBits[offset + cols[i + 1]];
    key[i] = a;
    key[i + 1] = c;
    h1 = Math.imul(h1 ^ a, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  if (i < width) {
    const a = rowBits[offset + cols[i]];
    key[i] = a;
    h1 = Math.imul(h1 ^ a, 0x01000193);
  }
  return Math.imul(h1 ^ (h2 >>> 15), 0x2c1b3c6d) ^ h2;
}

export class MarginMemo {
  private readonly width: number;
  /** Entry e's key is keys[e*width … (e+1)*width). */
  private readonly keys: Int32Array;
  private readonly margins: Float64Array;
  private readonly hashes: Int32Array;
  /** Open-addressing table of entry index + 1 (0 = empty), twice the capacity. */
  private readonly table: Int32Array;
  private readonly tableMask: number;
  private count = 0;
  /** The key of the last lookup. */
  private readonly key: Int32Array;
  private keyHash = 0;
  /** The last row passed in and an Int32 view of it (callers reuse one row: the view is made once). */
  private row?: Float32Array;
  private rowBits: Int32Array<ArrayBufferLike> = new Int32Array(0);

  constructor(
    private readonly used: Int32Array,
    private readonly capacity = 8192,
  ) {
    this.width = used.length;
    this.keys = new Int32Array(capacity * this.width);
    this.margins = new Float64Array(capacity);
    this.hashes = new Int32Array(capacity);
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Int32Array(slots);
    this.tableMask = slots - 1;
    this.key = new Int32Array(this.width);
  }

  /** The memoised margin of the row at x[offset], or undefined; remembers the key for `store`. */
  lookup(x: Float32Array, offset: number): number | undefined {
    if (x !== this.row) {
      this.row = x;
      this.rowBits = new Int32Array(x.buffer, x.byteOffset, x.length);
    }
    const { key, width } = this;
    const h = gatherKey(this.rowBits, offset, this.used, key);
    this.keyHash = h;
    const { table, keys, hashes } = this;
    for (let s = h & this.tableMask; table[s] !== 0; s = (s + 1) & this.tableMask) {
      const e = table[s] - 1;
      if (hashes[e] !== h) continue;
      const base = e * width;
      let k = 0;
      while (k < width && keys[base + k] === key[k]) k++;
      if (k === width) return this.margins[e];
    }
    return undefined;
  }

  /** Records the margin of the row last passed to `lookup` (which missed). */
  store(margin: number): void {
    if (this.count >= this.capacity) this.clear();
    const e = this.count++;
    this.keys.set(this.key, e * this.width);
    this.margins[e] = margin;
    this.hashes[e] = this.keyHash;
    let s = this.keyHash & this.tableMask;
    while (this.table[s] !== 0) s = (s + 1) & this.tableMask;
    this.table[s] = e + 1;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.table.fill(0);
    this.count = 0;
  }
}
