// The radiomics feature vector: what the few-shot head learns from when no CLIP model is installed
// (notes/method.md §4). First-order intensity inside the mask, the ring of tissue around it, 2-D shape,
// gradient (margin sharpness) and GLCM texture, in the fixed order of RADIOMICS_FEATURE_NAMES. Values
// are raw (grey levels, pixels, ratios): the head standardises them with its training set's mean and
// std. Bump RADIOMICS_VERSION whenever a value could change: cached embeddings are keyed by it.

import { FIRST_ORDER_NAMES, firstOrder, momentsOf } from './first-order';
import { GLCM_DISTANCES, GLCM_FEATURES, glcm } from './glcm';
import { GRADIENT_NAMES, gradient } from './gradient';
import { maskHistogram, regionOf, ringHistogram, ringWidthFor } from './region';
import { SHAPE_NAMES, shape } from './shape';
import type { SegmentImage } from '../../segmentation/types';

export const RADIOMICS_VERSION = '1';

export const RING_NAMES = ['mean', 'std', 'difference', 'contrast', 'cnr'] as const;

export const RADIOMICS_FEATURE_NAMES: readonly string[] = Object.freeze([
  ...FIRST_ORDER_NAMES.map((n) => `firstorder_${n}`),
  ...RING_NAMES.map((n) => `ring_${n}`),
  ...SHAPE_NAMES.map((n) => `shape_${n}`),
  ...GRADIENT_NAMES.map((n) => `gradient_${n}`),
  ...GLCM_DISTANCES.flatMap((d) => GLCM_FEATURES.map((n) => `glcm_d${d}_${n}`)),
]);

/**
 * Features of `image` inside `mask` (one byte per pixel, non-zero = inside; all zero = the whole
 * image). Throws INVALID_ARGUMENT for a bad image or mask, or an outline of under 4 pixels.
 */
export function computeRadiomics(image: SegmentImage, mask: Uint8Array): Float32Array {
  const region = regionOf(image, mask);
  const hist = maskHistogram(region);
  const first = firstOrder(hist);
  const inside = momentsOf(hist);
  const ring = momentsOf(ringHistogram(region, ringWidthFor(region.count)));
  const ringMean = ring.count > 0 ? ring.mean : inside.mean;
  const ringVar = ring.count > 0 ? ring.variance : inside.variance;
  const difference = inside.mean - ringMean;
  const out = new Float32Array(RADIOMICS_FEATURE_NAMES.length);
  let k = 0;
  for (const n of FIRST_ORDER_NAMES) out[k++] = first[n];
  // +1 in the denominators: a flat lesion on flat tissue stays finite.
  out[k++] = ringMean;
  out[k++] = Math.sqrt(ringVar);
  out[k++] = difference;
  out[k++] = difference / (inside.mean + ringMean + 1);
  out[k++] = difference / Math.sqrt((inside.variance + ringVar) / 2 + 1);
  const s = shape(region);
  for (const n of SHAPE_NAMES) out[k++] = s[n];
  const g = gradient(region);
  for (const n of GRADIENT_NAMES) out[k++] = g[n];
  for (const perDistance of glcm(region)) for (const n of GLCM_FEATURES) out[k++] = perDistance[n];
  return out;
}
