import { describe, expect, it } from 'vitest';
import { averagePrecision, chooseThreshold, confusionAt, logLoss, rocAuc, tprAtFpr } from './metrics.js';

describe('metrics', () => {
  it('ROC-AUC counts ties as half', () => {
    // positives 0.9, 0.5 ; negatives 0.5, 0.1 → pairs: (0.9>0.5)(0.9>0.1)(0.5=0.5 → ½)(0.5>0.1) = 3.5/4
    expect(rocAuc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(rocAuc([1, 2, 3], [0, 0, 1])).toBe(1);
    expect(rocAuc([3, 2, 1], [0, 0, 1])).toBe(0);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
  });

  it('average precision over distinct thresholds', () => {
    // sorted: 0.9(+) 0.8(−) 0.7(+) 0.1(−): AP = ½·1 + ½·(2/3)
    expect(averagePrecision([0.1, 0.7, 0.8, 0.9], [0, 1, 0, 1])).toBeCloseTo(0.5 + 1 / 3, 15);
    // a tie group of one positive and one negative at the top: precision ½ there
    expect(averagePrecision([0.5, 0.5, 0.1], [1, 0, 1])).toBeCloseTo(0.5 * 0.5 + 0.5 * (2 / 3), 15);
  });

  it('TPR at a target FPR picks the best threshold within budget', () => {
    // 10 negatives at 0..0.9, positives at 0.95, 0.85, 0.35
    const neg = Array.from({ length: 10 }, (_, i) => i / 10);
    const scores = [...neg, 0.95, 0.85, 0.35];
    const labels = [...neg.map(() => 0), 1, 1, 1];
    const at10 = tprAtFpr(scores, labels, 0.1); // one false positive allowed (0.9)
    expect(at10.recall).toBeCloseTo(2 / 3, 15);
    expect(at10.threshold).toBe(0.85);
    expect(at10.fp).toBe(1);
    const at0 = tprAtFpr(scores, labels, 0);
    expect(at0.recall).toBeCloseTo(1 / 3, 15);
    expect(at0.threshold).toBe(0.95);
    const none = tprAtFpr([0.9, 0.1], [0, 1], 0);
    expect(none.recall).toBe(0);
    expect(none.threshold).toBeGreaterThan(0.9);
  });

  it('confusion at a threshold and the max-F1 threshold', () => {
    const scores = [0.9, 0.8, 0.6, 0.4, 0.3, 0.2];
    const labels = [1, 1, 0, 1, 0, 0];
    const c = confusionAt(scores, labels, 0.5);
    expect([c.tp, c.fp, c.tn, c.fn]).toEqual([2, 1, 2, 1]);
    expect(c.precision).toBeCloseTo(2 / 3, 15);
    expect(c.fpr).toBeCloseTo(1 / 3, 15);
    // thresholds 0.8 → F1 0.8 ; 0.4 → P 3/4 R 1 → F1 6/7 (best)
    const best = chooseThreshold(scores, labels, { kind: 'maxF1' });
    expect(best.threshold).toBe(0.4);
    expect(best.f1).toBeCloseTo(6 / 7, 15);
    expect(chooseThreshold(scores, labels, { kind: 'targetFpr', fpr: 0 }).threshold).toBe(0.8);
  });

  it('log loss', () => {
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.log(2), 15);
    expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 15);
    expect(Number.isFinite(logLoss([0, 1], [1, 0]))).toBe(true);
  });
});
