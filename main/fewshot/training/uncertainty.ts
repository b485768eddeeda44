// The "uncertain" threshold on the top class probability. A result is shown as uncertain when it is
// no better than a coin between the two likeliest classes, judged from the cross-validated
// predictions: sort them by top probability; find the largest group of least confident predictions
// whose accuracy, with one pseudo-hit and one pseudo-miss (Laplace: (hits + 1)/(n + 2), so one lucky
// guess does not count as "reliable"), is still below 1/2; the threshold sits halfway between that
// group's most confident prediction and the next one. If no such group exists, anything less
// confident than every cross-validated prediction is uncertain (nothing is known about it), capped
// at the default. Without cross-validation (a class with one exemplar) the default is halfway
// between chance and certainty: 1/C + ½·(1 − 1/C).

export function defaultUncertainBelow(classCount: number): number {
  return 1 / classCount + 0.5 * (1 - 1 / classCount);
}

/** From held-out top probabilities and whether each prediction was right. */
export function chooseUncertainBelow(topProbability: readonly number[], correct: readonly boolean[], classCount: number): number {
  const fallback = defaultUncertainBelow(classCount);
  if (topProbability.length === 0) return fallback;
  const order = topProbability.map((p, i) => i).sort((a, b) => topProbability[a]! - topProbability[b]!);
  let hits = 0;
  let cut = -1;
  order.forEach((i, rank) => {
    if (correct[i]) hits += 1;
    const count = rank + 1;
    // Only cut between distinct probabilities, so the threshold separates the two groups.
    const next = order[rank + 1];
    const distinct = next === undefined || topProbability[next]! > topProbability[i]!;
    if (distinct && (hits + 1) / (count + 2) < 0.5) cut = rank;
  });
  if (cut < 0) return Math.min(fallback, topProbability[order[0]!]!);
  const below = topProbability[order[cut]!]!;
  const next = order[cut + 1];
  return next === undefined ? Math.min(1, below + 1e-6) : (below + topProbability[next]!) / 2;
}
