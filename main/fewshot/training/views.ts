// What the head looks at, per view (notes/method.md §1, §4), as row-major Float64 matrices:
// 'focus' → u, 'full' → v, 'fused' → f = norm(a·u + (1 − a)·v) with a = sigmoid(θ) (u and v are kept
// apart because θ is learned), 'mask' → the radiomics vector standardised with the training set's
// mean/std (std floored at 1e-6 so a constant feature does not blow up) and then L2-normalised.
// Everything is renormalised here even where the featurizer already did, so the head's cosine
// geometry never depends on a featurizer's rounding.

import type { ImageEmbedding } from '../types';

export type TrainView = 'focus' | 'full' | 'fused' | 'mask';

export const STD_FLOOR = 1e-6;

export interface Standardize {
  mean: Float64Array;
  std: Float64Array;
}

/** The rows a view needs: `x` for single-vector views, `u` and `v` for 'fused'. */
export interface ViewRows {
  n: number;
  d: number;
  x: Float64Array | null;
  u: Float64Array | null;
  v: Float64Array | null;
}

export function sigmoid(theta: number): number {
  return 1 / (1 + Math.exp(-theta));
}

/** Normalises `d` values of `data` from `at` in place; a zero vector stays zero. */
export function normalizeInPlace(data: Float64Array, at: number, d: number): number {
  let sum = 0;
  for (let k = 0; k < d; k += 1) sum += data[at + k]! * data[at + k]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let k = 0; k < d; k += 1) data[at + k]! /= norm;
  return norm;
}

export function standardizeFrom(vectors: readonly ArrayLike<number>[], d: number): Standardize {
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const x of vectors) for (let k = 0; k < d; k += 1) mean[k]! += x[k]!;
  for (let k = 0; k < d; k += 1) mean[k]! /= vectors.length;
  for (const x of vectors) {
    for (let k = 0; k < d; k += 1) {
      const dev = x[k]! - mean[k]!;
      std[k]! += dev * dev;
    }
  }
  for (let k = 0; k < d; k += 1) std[k] = Math.max(Math.sqrt(std[k]! / vectors.length), STD_FLOOR);
  return { mean, std };
}

/** Copies vectors into one normalised n × d matrix, standardising first when asked. */
export function normalizedRows(vectors: readonly ArrayLike<number>[], d: number, standardize: Standardize | null = null): Float64Array {
  const out = new Float64Array(vectors.length * d);
  vectors.forEach((x, i) => {
    const at = i * d;
    for (let k = 0; k < d; k += 1) out[at + k] = standardize ? (x[k]! - standardize.mean[k]!) / standardize.std[k]! : x[k]!;
    normalizeInPlace(out, at, d);
  });
  return out;
}

/** The view's rows for these embeddings (`full` must be present for 'full' and 'fused'). */
export function viewRows(embeddings: readonly ImageEmbedding[], view: TrainView, d: number, standardize: Standardize | null): ViewRows {
  const n = embeddings.length;
  const full = (): Float32Array[] => embeddings.map((e) => e.full!);
  switch (view) {
    case 'fused':
      return { n, d, x: null, u: normalizedRows(embeddings.map((e) => e.focus), d), v: normalizedRows(full(), d) };
    case 'full':
      return { n, d, x: normalizedRows(full(), d), u: null, v: null };
    case 'mask':
      return { n, d, x: normalizedRows(embeddings.map((e) => e.focus), d, standardize), u: null, v: null };
    case 'focus':
      return { n, d, x: normalizedRows(embeddings.map((e) => e.focus), d), u: null, v: null };
  }
}

/** The feature matrix at θ: the single view's rows, or the fused rows f = norm(a·u + (1 − a)·v). */
export function featuresAt(rows: ViewRows, theta: number, out: Float64Array = new Float64Array(rows.n * rows.d), norms?: Float64Array): Float64Array {
  if (rows.x) {
    out.set(rows.x);
    return out;
  }
  const a = sigmoid(theta);
  const u = rows.u!;
  const v = rows.v!;
  const { n, d } = rows;
  for (let i = 0; i < n; i += 1) {
    const at = i * d;
    for (let k = 0; k < d; k += 1) out[at + k] = a * u[at + k]! + (1 - a) * v[at + k]!;
    const norm = normalizeInPlace(out, at, d);
    if (norms) norms[i] = norm;
  }
  return out;
}
