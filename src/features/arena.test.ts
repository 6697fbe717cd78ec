// The arena's lap skip is computed on every reserve (no branch taken once a lap): the starts it hands
// out, and what it reports as held, must be those of the plain rule (skip to the next lap when a
// record would straddle the end) for any sequence of sizes.

import { describe, expect, it } from 'vitest';
import { Rng } from '../classify/gbdt/prng.js';
import { Arena } from './arena.js';

/** The rule as first written: positions only grow; a record that would cross the end starts the next lap. */
class PlainArena {
  pos = 0;
  constructor(readonly cap: number) {}
  reserve(n: number): number {
    if ((this.pos % this.cap) + n > this.cap) this.pos += this.cap - (this.pos % this.cap);
    const start = this.pos;
    this.pos += n;
    return start;
  }
  holds(start: number): boolean {
    return start >= 0 && this.pos <= start + this.cap;
  }
}

describe('arena', () => {
  it('hands out the starts of the plain rule, and holds what it holds', () => {
    const rng = new Rng(31);
    for (const cap of [1, 2, 7, 64, 1000]) {
      const a = new Arena(new Int32Array(cap));
      const p = new PlainArena(cap);
      const starts: number[] = [];
      for (let k = 0; k < 5000; k++) {
        // Sizes from 0 to the whole capacity, exact fits to the end included.
        const n = rng.next() < 0.1 ? cap : rng.int(cap + 1);
        const s = a.reserve(n);
        expect(s).toBe(p.reserve(n));
        expect(a.index(s) + n).toBeLessThanOrEqual(cap);
        starts.push(s);
        const old = starts[rng.int(starts.length)];
        expect(a.holds(old)).toBe(p.holds(old));
      }
      expect(() => a.reserve(cap + 1)).toThrow(RangeError);
    }
  });
});
