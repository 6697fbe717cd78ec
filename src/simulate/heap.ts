// A binary min-heap on (time, sequence): the bounded merge of every host's pending process starts.
// Keys live in typed arrays beside the items, so sifting compares numbers in contiguous memory
// instead of reaching into thousands of scattered process records. The items themselves never move:
// each sits in a slot for its whole stay and the heap sifts slot numbers, so a push or pop stores one
// object reference (not one per level, each a write barrier of the garbage collector's).

export interface Timed {
  t: number;
  seq: number;
}

export class TimeHeap<T extends Timed> {
  private items: Array<T | undefined> = [];
  /** Slots of `items` not in use. */
  private free: number[] = [];
  private ts = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private slots = new Int32Array(1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  peekTime(): number {
    return this.n ? this.ts[0] : Infinity;
  }

  // Sift with a moving hole rather than swaps: the order is the same ((time, seq) keys are unique).
  push(x: T): void {
    if (this.n === this.ts.length) this.grow();
    const { ts, seqs, slots } = this;
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.items.length;
      this.items.push(x);
    } else this.items[slot] = x;
    const t = x.t;
    const s = x.seq;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ts[p];
      if (t > pt || (t === pt && s > seqs[p])) break;
      ts[i] = pt;
      seqs[i] = seqs[p];
      slots[i] = slots[p];
      i = p;
    }
    ts[i] = t;
    seqs[i] = s;
    slots[i] = slot;
  }

  pop(): T | undefined {
    if (!this.n) return undefined;
    const { items, ts, seqs, slots } = this;
    const topSlot = slots[0];
    const top = items[topSlot];
    items[topSlot] = undefined;
    this.free.push(topSlot);
    const n = --this.n;
    if (n) {
      const lt = ts[n];
      const ls = seqs[n];
      const lslot = slots[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && (ts[r] < ts[l] || (ts[r] === ts[l] && seqs[r] < seqs[l]))) m = r;
        const mt = ts[m];
        if (mt > lt || (mt === lt && seqs[m] > ls)) break;
        ts[i] = mt;
        seqs[i] = seqs[m];
        slots[i] = slots[m];
        i = m;
      }
      ts[i] = lt;
      seqs[i] = ls;
      slots[i] = lslot;
    }
    return top;
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const ts = new Float64Array(size);
    ts.set(this.ts);
    this.ts = ts;
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const slots = new Int32Array(size);
    slots.set(this.slots);
    this.slots = slots;
  }
}
