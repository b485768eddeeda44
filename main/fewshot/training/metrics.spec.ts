import { describe, expect, it } from 'vitest';
import { computeMetrics } from './metrics';

describe('computeMetrics', () => {
  it('computes accuracy, balanced accuracy, macro-F1 and the confusion matrix by hand', () => {
    // 3 classes; class 0: 4 samples (3 right, 1 → class 1); class 1: 2 samples (both right); class 2: 2 (1 right, 1 → 0).
    const labels = [0, 0, 0, 0, 1, 1, 2, 2];
    const predicted = [0, 0, 0, 1, 1, 1, 2, 0];
    const m = computeMetrics(labels, predicted, 3);
    expect(m.confusion).toEqual([
      [3, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(m.accuracy).toBeCloseTo(6 / 8, 12);
    expect(m.perClassRecall).toEqual([0.75, 1, 0.5]);
    expect(m.balancedAccuracy).toBeCloseTo((0.75 + 1 + 0.5) / 3, 12);
    // F1 = 2TP / (present + predicted): class 0: 6/(4+4), class 1: 4/(2+3), class 2: 2/(2+1).
    expect(m.macroF1).toBeCloseTo((6 / 8 + 4 / 5 + 2 / 3) / 3, 12);
    expect(m.samples).toBe(8);
  });

  it('leaves a class neither present nor predicted out of macro-F1 and balanced accuracy', () => {
    const m = computeMetrics([0, 0, 1], [0, 0, 1], 3);
    expect(m.macroF1).toBe(1);
    expect(m.balancedAccuracy).toBe(1);
    expect(Number.isNaN(m.perClassRecall[2])).toBe(true);
  });

  it('counts a class present but never predicted (and one predicted but absent) with F1 = 0', () => {
    const m = computeMetrics([0, 1], [0, 2], 3);
    // Class 0: F1 1; class 1: present, never predicted → 0; class 2: predicted, absent → 0.
    expect(m.macroF1).toBeCloseTo(1 / 3, 12);
    expect(m.balancedAccuracy).toBe(0.5);
  });

  it('refuses mismatched lengths and out-of-range labels', () => {
    expect(() => computeMetrics([0, 1], [0], 2)).toThrow(/2 labels but 1 predictions/);
    expect(() => computeMetrics([0, 3], [0, 1], 2)).toThrow(/class indices from 0 to 1/);
  });
});
