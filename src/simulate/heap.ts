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

  push(x: Pending<T>): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): Pending<T> | undefined {
    const a = this.a;
    if (!a.length) return undefined;
    const top = a[0];
    const last = a.pop() as Pending<T>;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

function less<T>(x: Pending<T>, y: Pending<T>): boolean {
  return x.t < y.t || (x.t === y.t && x.seq < y.seq);
}
