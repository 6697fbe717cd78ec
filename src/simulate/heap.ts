// A binary min-heap on (time, sequence): the bounded merge of every host's pending process starts.

export interface Pending<T> {
  t: number;
  seq: number;
  item: T;
}

export class TimeHeap<T> {
  private readonly a: Array<Pending<T>> = [];

  get size(): number {
    return this.a.length;
  }

  peekTime(): number {
    return this.a.length ? this.a[0].t : Infinity;
  }

  // Sift with a moving hole rather than swaps: the order is the same ((time, seq) keys are unique).
  push(x: Pending<T>): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = a[p];
      if (!less(x, y)) break;
      a[i] = y;
      i = p;
    }
    a[i] = x;
  }

  pop(): Pending<T> | undefined {
    const a = this.a;
    if (!a.length) return undefined;
    const top = a[0];
    const last = a.pop() as Pending<T>;
    const n = a.length;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && less(a[r], a[l]) ? r : l;
        if (!less(a[m], last)) break;
        a[i] = a[m];
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

function less<T>(x: Pending<T>, y: Pending<T>): boolean {
  return x.t < y.t || (x.t === y.t && x.seq < y.seq);
}
