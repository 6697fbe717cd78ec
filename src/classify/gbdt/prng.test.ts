import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';

describe('Rng', () => {
  it('produces a fixed sequence per seed (model files depend on it)', () => {
    const r = new Rng(42);
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([2837322924, 544945897, 479756282]);
    const a = new Rng(3);
    const b = new Rng(3);
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
  });

  it('draws uniformly in [0, 1) and integers in [0, n)', () => {
    const r = new Rng(7);
    let sum = 0;
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 50000; i++) {
      const v = r.next();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
      counts[r.int(5)]++;
    }
    expect(sum / 50000).toBeGreaterThan(0.49);
    expect(sum / 50000).toBeLessThan(0.51);
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });
});
