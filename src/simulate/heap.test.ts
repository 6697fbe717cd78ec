import { describe, expect, it } from 'vitest';
import { TimeHeap } from './heap.js';
import { Prng } from './prng.js';

describe('simulate: time heap', () => {
  it('pops in (time, sequence) order through interleaved pushes and pops, past its first capacity', () => {
    const r = new Prng(11, 'heap');
    const heap = new TimeHeap<{ t: number; seq: number }>();
    const out: Array<{ t: number; seq: number }> = [];
    let seq = 0;
    let floor = 0;
    for (let round = 0; round < 40; round++) {
      for (let i = round === 3 ? 3000 : r.int(0, 300); i > 0; i--) heap.push({ t: floor + r.int(0, 50), seq: seq++ });
      floor += 25;
      while (heap.peekTime() < floor) out.push(heap.pop() as { t: number; seq: number });
    }
    while (heap.size) out.push(heap.pop() as { t: number; seq: number });
    expect(out.length).toBe(seq);
    expect(seq).toBeGreaterThan(5000);
    const sorted = [...out].sort((a, b) => a.t - b.t || a.seq - b.seq);
    expect(out).toEqual(sorted);
    expect(heap.pop()).toBeUndefined();
    expect(heap.peekTime()).toBe(Infinity);
  });
});
