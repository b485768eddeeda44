import { describe, expect, it } from 'vitest';
import { foldCount, stratifiedFolds } from './folds';

describe('stratifiedFolds', () => {
  const labels = [...new Array<number>(7).fill(0), ...new Array<number>(5).fill(1), ...new Array<number>(10).fill(2)];

  it('covers every sample once, keeps class shares per fold and fold sizes within one', () => {
    const folds = stratifiedFolds(labels, 3, 5, 42);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const fold of folds) {
      // Class 1 has exactly 5 samples and k = 5: one per fold, so every training part keeps 4.
      expect(fold.filter((i) => labels[i] === 1)).toHaveLength(1);
      for (const c of [0, 2]) {
        const count = fold.filter((i) => labels[i] === c).length;
        expect(count).toBeGreaterThanOrEqual(Math.floor(labels.filter((l) => l === c).length / 5));
        expect(count).toBeLessThanOrEqual(Math.ceil(labels.filter((l) => l === c).length / 5));
      }
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(stratifiedFolds(labels, 3, 5, 1)).toEqual(stratifiedFolds(labels, 3, 5, 1));
    expect(stratifiedFolds(labels, 3, 5, 1)).not.toEqual(stratifiedFolds(labels, 3, 5, 2));
  });

  it('uses min(wanted, smallest class) folds', () => {
    expect(foldCount([7, 5, 10])).toBe(5);
    expect(foldCount([7, 3, 10])).toBe(3);
    expect(foldCount([1, 3])).toBe(1);
  });
});
