// mulberry32: a seeded generator of floats in [0, 1) with 32 bits of state — fast, the same sequence on
// every platform, good for shuffles and test data (not for cryptography). One implementation for the
// trainer's folds and every test fixture that needs repeatable noise.

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
