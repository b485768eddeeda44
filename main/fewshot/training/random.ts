// Seeded randomness for everything that must repeat run for run: cross-validation folds, the
// evaluation's per-seed samples, test problems. mulberry32: 32-bit state, fast, good enough for
// shuffling (not for cryptography); the same seed gives the same folds on every platform.

import { mulberry32, type Random } from '../../../common/random';

export type { Random };

/** A generator of floats in [0, 1) from a 32-bit seed (mixed first, so seeds 0, 1, 2... start far apart). */
export function seededRandom(seed: number): Random {
  return mulberry32((seed >>> 0) ^ 0x9e3779b9);
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}

/** A standard normal draw (Box–Muller), for test problems. */
export function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
