// Classification quality from labels and predictions: what a pack's cross-validation and the
// evaluation protocol report (notes/method.md §6). Conventions where a ratio is 0/0:
// - recall of a class with no true samples is NaN (JSON: null) and left out of balanced accuracy;
// - F1 of a class that is neither present nor predicted is undefined and left out of macro-F1; a class
//   present but never predicted, or predicted but never present, counts with F1 = 0.

import { MaskcueError } from '../../../common/api';
import type { ClassMetrics } from '../../../common/domain';

export function computeMetrics(labels: readonly number[], predicted: readonly number[], classCount: number): ClassMetrics {
  if (labels.length !== predicted.length) {
    throw new MaskcueError('INVALID_ARGUMENT', `computeMetrics: ${labels.length} labels but ${predicted.length} predictions; pass one prediction per label.`);
  }
  if (!Number.isInteger(classCount) || classCount < 1) throw new MaskcueError('INVALID_ARGUMENT', `computeMetrics: classCount must be a whole number ≥ 1, not ${classCount}.`);
  const confusion = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i += 1) {
    const t = labels[i]!;
    const p = predicted[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= classCount || !Number.isInteger(p) || p < 0 || p >= classCount) {
      throw new MaskcueError('INVALID_ARGUMENT', `computeMetrics: sample ${i} has label ${t} / prediction ${p}; both must be class indices from 0 to ${classCount - 1}.`);
    }
    confusion[t]![p]! += 1;
    if (t === p) correct += 1;
  }
  const perClassRecall: number[] = [];
  const recalls: number[] = [];
  const f1s: number[] = [];
  for (let c = 0; c < classCount; c += 1) {
    const row = confusion[c]!;
    const present = row.reduce((a, b) => a + b, 0);
    let predictedAs = 0;
    for (let r = 0; r < classCount; r += 1) predictedAs += confusion[r]![c]!;
    const tp = row[c]!;
    const recall = present > 0 ? tp / present : Number.NaN;
    perClassRecall.push(recall);
    if (present > 0) recalls.push(recall);
    if (present > 0 || predictedAs > 0) f1s.push(tp === 0 ? 0 : (2 * tp) / (present + predictedAs));
  }
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  return {
    accuracy: labels.length ? correct / labels.length : Number.NaN,
    balancedAccuracy: mean(recalls),
    macroF1: mean(f1s),
    confusion,
    perClassRecall,
    samples: labels.length,
  };
}
