// A binary min-heap on (time, sequence): the bounded merge of every host's pending process starts.
// Keys live in typed arrays beside the items, so sifting compares numbers in contiguous memory
// instead of reaching into thousands of scattered process records.

export interface Timed {
  t: number;
  seq: number;
}

export class TimeHeap<T extends Timed> {
  private items: Array<T | undefined> = [];
  private ts = new Float64Array(1024);
  private seqs = new Float64Array(1024);
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
    const { items, ts, seqs } = this;
    const t = x.t;
    const s = x.seq;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ts[p];
      if (t > pt || (t === pt && s > seqs[p])) break;
      items[i] = items[p];
      ts[i] = pt;
      seqs[i] = seqs[p];
      i = p;
    }
    items[i] = x;
    ts[i] = t;
    seqs[i] = s;
  }

  pop(): T | undefined {
    if (!this.n) return undefined;
    const { items, ts, seqs } = this;
    const top = items[0];
    const n = --this.n;
    const last = items[n];
    const lt = ts[n];
    const ls = seqs[n];
    items[n] = undefined;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && (ts[r] < ts[l] || (ts[r] === ts[l] && seqs[r] < seqs[l]))) m = r;
        const mt = ts[m];
        if (mt > lt || (mt === lt && seqs[m] > ls)) break;
        items[i] = items[m];
        ts[i] = mt;
        seqs[i] = seqs[m];
        i = m;
      }
      items[i] = last;
      ts[i] = lt;
      seqs[i] = ls;
    }
    return top;
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2);
    ts.set(this.ts);
    this.ts = ts;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
