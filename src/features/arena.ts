// A ring of numbers for the values memoised per command line (hash slots, shape values). Kept in
// one preallocated typed array instead of a small array per record: every new command line would
// otherwise leave an object the memo keeps alive, which the young-generation GC copies (twice) and
// then promotes. A record remembers where its values start; once the ring has wrapped over them they
// are reported gone and the caller recomputes them (a pure function of the memo key, so exact).

export class Arena<T extends Int32Array | Float32Array> {
  /** Absolute position of the next write (never wraps; positions below pos - capacity are gone). */
  private pos = 0;

  constructor(readonly data: T) {}

  /** Room for n values: returns the absolute start; write them at data[index(start) …]. */
  reserve(n: number): number {
    const cap = this.data.length;
    if (n > cap) throw new RangeError(`Arena: ${n} values do not fit in ${cap}`);
    // A record never straddles the end: skip to the next lap (those positions count as written). The
    // skip is added on every call (zero but once a lap), not in a branch: the first lap's end would
    // otherwise deoptimise the families that inline this (see jit-primer.ts).
    const left = cap - (this.pos % cap);
    this.pos += left < n ? left : 0;
    const start = this.pos;
    this.pos += n;
    return start;
  }

  /** The data index of an absolute start. */
  index(start: number): number {
    return start % this.data.length;
  }

  /** The values written at `start` have not been overwritten since. */
  holds(start: number): boolean {
    return start >= 0 && this.pos <= start + this.data.length;
  }
}
