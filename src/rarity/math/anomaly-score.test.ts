import { describe, expect, it } from 'vitest';
import { anomalyScore, probabilityCap, rawScore } from './anomaly-score.js';

describe('anomalyScore (ml-cpp CTools::anomalyScore knots)', () => {
  it('is 0 at and above 0.05, 1 at 1e-4, 50 at 1e-50, 100 at DBL_MIN', () => {
    expect(anomalyScore(0.05)).toBe(0);
    expect(anomalyScore(0.5)).toBe(0);
    expect(anomalyScore(1e-4)).toBeCloseTo(1, 12);
    expect(anomalyScore(1e-50)).toBeCloseTo(50, 10);
    expect(anomalyScore(2.2250738585072014e-308)).toBeCloseTo(100, 10);
    expect(anomalyScore(0)).toBe(100);
  });

  it('is linear in 1/p between 0.05 and 1e-4, and log-linear below', () => {
    expect(anomalyScore(0.001)).toBeCloseTo((1000 - 20) / (10000 - 20), 14);
    expect(anomalyScore(1e-27)).toBeCloseTo(1 + (49 * Math.log(1e23)) / Math.log(1e46), 10);
  });

  it('rawScore is zero at and above 0.035 only', () => {
    expect(rawScore(0.036)).toBe(0);
    expect(rawScore(0.035)).toBeCloseTo(anomalyScore(0.035), 15);
    expect(rawScore(0.035)).toBeGreaterThan(0);
  });

  it('the probability cap runs from 5 at p = 0.05 to 100 at p = 1e-4', () => {
    expect(probabilityCap(0.05)).toBeCloseTo(5, 12);
    expect(probabilityCap(1e-4)).toBeCloseTo(100, 10);
    expect(probabilityCap(0.035)).toBeCloseTo(100 * (0.95 * Math.log(0.7) / Math.log(1e-4 / 0.05) + 0.05), 10);
  });
});
