// Stage 1, instant (notes/method.md §3): one row per class. With text anchors (CLIP) the row is
// norm(T_c + mean of the class's normalised image embeddings), as in SS-Text; without (radiomics) it
// is norm(mean of the class's standardised, normalised feature vectors). Usable from one exemplar.

import { normalizeInPlace } from './views';

/** C × D class rows from the n × d feature matrix `f` (rows normalised) and optional C × D anchors. */
export function prototypeRows(f: Float64Array, labels: ArrayLike<number>, classCount: number, d: number, anchors: Float64Array | null): Float64Array {
  const rows = new Float64Array(classCount * d);
  const counts = new Float64Array(classCount);
  for (let i = 0; i < labels.length; i += 1) {
    const c = labels[i]!;
    counts[c]! += 1;
    const at = i * d;
    const to = c * d;
    for (let k = 0; k < d; k += 1) rows[to + k]! += f[at + k]!;
  }
  for (let c = 0; c < classCount; c += 1) {
    const to = c * d;
    const count = counts[c]!;
    for (let k = 0; k < d; k += 1) {
      const mean = count > 0 ? rows[to + k]! / count : 0;
      rows[to + k] = anchors ? anchors[to + k]! + mean : mean;
    }
    normalizeInPlace(rows, to, d);
  }
  return rows;
}
