import { describe, expect, it } from 'vitest';
import { Prng, WeightedTable } from './prng.js';

describe('simulate: prng', () => {
  it('is deterministic per seed and stream', () => {
    const a = new Prng(5, 'x');
    const b = new Prng(5, 'x');
    const c = new Prng(5, 'y');
    const sa = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(sa);
    expect(new Prng('text-seed').u32()).toBe(new Prng('text-seed').u32());
  });

  it('draws within range with sensible moments', () => {
    const r = new Prng(11);
    let sum = 0;
    let pois = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r.int(3, 7);
      expect(x >= 3 && x <= 7).toBe(true);
      sum += r.next();
      pois += r.poisson(2.5);
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    expect(pois / 20000).toBeCloseTo(2.5, 1);
    expect(r.guid()).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(r.hex(13)).toMatch(/^[0-9a-f]{13}$/);
  });

  it('picks by weight', () => {
    const t = new WeightedTable([['a', 1], ['b', 3], ['z', 0]] as const);
    const r = new Prng(2);
    let b = 0;
    for (let i = 0; i < 10000; i++) {
      const x = t.pick(r);
      expect(x).not.toBe('z');
      if (x === 'b') b++;
    }
    expect(b / 10000).toBeCloseTo(0.75, 1);
  });
});
