import { describe, expect, it } from 'vitest';
import { countPerSampleFor, decayRateFor, discreteScore, Normalizer } from './normalizer.js';
import { rng } from './testing.js';

describe('normaliser constants', () => {
  it('follows ml-cpp for a 15 m bucket', () => {
    expect(decayRateFor(900)).toBe(0.00025);
    expect(decayRateFor(3600)).toBe(0.0005);
    expect(countPerSampleFor(900)).toBe(2);
    expect(countPerSampleFor(1800)).toBe(1);
    expect(countPerSampleFor(60)).toBe(12);
    expect(discreteScore(0.1234)).toBe(123);
  });
});

describe('Normalizer.normalize', () => {
  it('is 0 with no history and for a zero raw score', () => {
    const n = new Normalizer(0.00025, 1);
    expect(n.normalize(5, 1e-10, 's', 1)).toBe(0);
    n.updateBucket([0, 1], [['s', 1]], 1);
    expect(n.normalize(0, 0.5, 's', 1)).toBe(0);
  });

  it('takes the minimum of the noise, percentile, scope-max and probability ceilings', () => {
    const n = new Normalizer(0.00025, 1);
    n.updateBucket([...new Array(99).fill(0), 2], [['s', 2]], 1);
    // s0 = 1·(1 + 0.01·2000) + 100 = 121; s1 = (knot(99) + knot(100)) / 2 = (50 + 100) / 2; s2 = 100; s3 > 100.
    expect(n.normalize(2, 1e-10, 's', 1)).toBeCloseTo(75, 10);
    // The probability cap binds near the threshold: p = 0.01.
    expect(n.normalize(2, 0.01, 's', 1)).toBeCloseTo(100 * ((0.95 * Math.log(0.2)) / Math.log(1e-4 / 0.05) + 0.05), 10);
    // Half the history at this score: lower percentile 49.5 → 0.707, upper 100 → 100; noise = the score itself.
    n.updateBucket(new Array(100).fill(2), [['s', 4]], 2);
    expect(n.normalize(2, 1e-10, 's', 2)).toBeCloseTo((49.5 / 70 + 100) / 2, 10);
    // Against a scope whose max is twice this score: s2 = 100·min(1.5·0.5, 0.5 + 0.25) = 75.
    expect(n.normalize(2, 1e-10, 's', 2)).toBeLessThanOrEqual(75);
  });

  it('combines countPerSample leaf updates by their max', () => {
    const a = new Normalizer(0.00025, 2);
    a.updateBucket([0, 3, 0, 0], [], 1);
    expect(a.sampleWeight).toBe(2);
    a.updateBucket([0], [], 2);
    expect(a.sampleWeight).toBe(2);
  });

  it('forgets a scope after 50 idle buckets and decays its max meanwhile', () => {
    const n = new Normalizer(0.00025, 1);
    n.updateBucket([1], [['s', 1]], 1);
    expect(n.scopeMax('s', 11)).toBeCloseTo(Math.exp(-2 * 0.00025 * 10), 12);
    n.updateBucket([0], [], 52);
    expect(n.scopeMax('s', 52)).toBeUndefined();
  });

  it('snapshots and restores exactly', () => {
    const n = new Normalizer(0.00025, 2);
    n.updateBucket([0, 0.5, 1.5, 0, 3], [['x', 3]], 1);
    const m = new Normalizer(0.00025, 2);
    m.restore(n.snapshot());
    expect(m.normalize(1.5, 1e-6, 'x', 1)).toBe(n.normalize(1.5, 1e-6, 'x', 1));
    m.updateBucket([0.7], [], 2);
    n.updateBucket([0.7], [], 2);
    const [sm, sn] = [m.snapshot(), n.snapshot()];
    expect(Buffer.from(sm.tree.buffer).equals(Buffer.from(sn.tree.buffer))).toBe(true);
    expect({ ...sm, tree: null }).toEqual({ ...sn, tree: null });
  });

  it('scores every record of a pass as a normaliser fresh from a snapshot would (what it derives from the sketch is kept only while the sketch is unchanged)', () => {
    const r = rng(17);
    const n = new Normalizer(0.00025, 2);
    let checked = 0;
    // 100 buckets: the decay at every 40th (20 × countPerSample) changes the sketch without adding to it.
    for (let b = 1; b <= 100; b++) {
      const raws = Array.from({ length: 1 + Math.floor(r() * 30) }, () => (r() < 0.4 ? 0 : Math.round(r() * 50_000) / 1000));
      n.updateBucket(raws, [[`s${b % 5}`, Math.max(...raws)]], b);
      // A pass: repeated raw scores (the per-score cache), zero and tiny scores, scopes known and forgotten.
      const pass = [...raws, ...raws.slice(0, 5), 0, 0.0004, 0.0006, 100, 120, r() * 60];
      for (const raw of pass) {
        const probability = r() < 0.5 ? 1e-9 : r() * 0.05;
        const scope = `s${Math.floor(r() * 7)}`;
        const fresh = new Normalizer(0.00025, 2);
        fresh.restore(n.snapshot());
        expect(n.normalize(raw, probability, scope, b)).toBe(fresh.normalize(raw, probability, scope, b));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });
});
