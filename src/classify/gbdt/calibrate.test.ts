import { describe, expect, it } from 'vitest';
import { applyCalibration, expectedCalibrationError, fitIsotonic, fitPlatt, reliabilityCurve, sigmoid } from './calibrate.js';
import { Rng } from './prng.js';

/** Margins whose true probability is sigmoid(2m + 1): an over-confident-by-2 model with a bias. */
function sample(n: number, seed: number): { m: Float64Array; y: Uint8Array } {
  const rng = new Rng(seed);
  const m = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    m[i] = rng.next() * 6 - 3;
    y[i] = rng.next() < sigmoid(2 * m[i] + 1) ? 1 : 0;
  }
  return { m, y };
}

describe('calibration', () => {
  it('Platt recovers slope and intercept', () => {
    const { m, y } = sample(20000, 1);
    const cal = fitPlatt(m, y);
    if (cal.kind !== 'platt') throw new Error('kind');
    expect(cal.a).toBeGreaterThan(1.85);
    expect(cal.a).toBeLessThan(2.15);
    expect(cal.b).toBeGreaterThan(0.9);
    expect(cal.b).toBeLessThan(1.1);
  });

  it('isotonic is monotone and reduces calibration error', () => {
    const { m, y } = sample(20000, 2);
    const cal = fitIsotonic(m, y);
    if (cal.kind !== 'isotonic') throw new Error('kind');
    for (let i = 1; i < cal.y.length; i++) expect(cal.y[i]).toBeGreaterThanOrEqual(cal.y[i - 1]);
    const test = sample(20000, 3);
    const raw = Array.from(test.m, (v) => sigmoid(v));
    const fixed = Array.from(test.m, (v) => applyCalibration(cal, v));
    const before = expectedCalibrationError(reliabilityCurve(raw, test.y, 10));
    const after = expectedCalibrationError(reliabilityCurve(fixed, test.y, 10));
    expect(before).toBeGreaterThan(0.05);
    expect(after).toBeLessThan(0.02);
  });

  it('reliability curve bins by predicted probability', () => {
    const curve = reliabilityCurve([0.05, 0.15, 0.12, 0.95, 1], [0, 1, 0, 1, 1], 10);
    expect(curve).toHaveLength(10);
    expect(curve[0]).toMatchObject({ count: 1, meanPredicted: 0.05, fractionPositive: 0 });
    expect(curve[1].count).toBe(2);
    expect(curve[1].meanPredicted).toBeCloseTo(0.135, 15);
    expect(curve[1].fractionPositive).toBe(0.5);
    expect(curve[9]).toMatchObject({ count: 2, fractionPositive: 1 });
    expect(curve[5].count).toBe(0);
    expect(curve[5].meanPredicted).toBeNaN();
  });
});
