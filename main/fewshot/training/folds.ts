// Stratified k-fold split for the cross-validation that picks the number of training steps and
// reports a pack's metrics. Each class's samples are shuffled (seeded) and dealt round-robin into the
// folds, the deal starting where the previous class's ended, so fold sizes differ by at most one and
// every fold's training part keeps every class (k ≤ the smallest class count).

import { seededRandom, shuffled } from './random';

/** The held-out sample indices of each fold. */
export function stratifiedFolds(labels: readonly number[], classCount: number, k: number, seed: number): number[][] {
  const random = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (let c = 0; c < classCount; c += 1) {
    const members = labels.flatMap((label, i) => (label === c ? [i] : []));
    for (const i of shuffled(members, random)) {
      folds[next % k]!.push(i);
      next += 1;
    }
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** The fold count the recipe uses: min(wanted, smallest class count); < 2 means no cross-validation. */
export function foldCount(classCounts: readonly number[], wanted = 5): number {
  return Math.min(wanted, ...classCounts);
}
