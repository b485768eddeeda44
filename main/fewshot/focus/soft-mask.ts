// The soft mask of the focus view (notes/method.md §1): the resized mask, dilated a little so the
// lesion's edge and a rim of context count as "inside", then feathered so the visual prompt has no
// hard edge for the ViT's patches to latch onto. Sizes are in output pixels and scale with the model's
// input size: 8 px dilation and σ = 3 px at 224.
// Dilation is exact Euclidean (distance transform of the mask thresholded at 0.5, Felzenszwalb &
// Huttenlocher), so it is a disk, not a square, and costs O(pixels) whatever the radius.

import { FAR, squaredDistanceTransform } from '../../segmentation/image/distance-transform';

/** Gaussian taps for σ (normalised, radius ⌈3σ⌉). */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(radius * 2 + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i += 1) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = w;
    total += w;
  }
  for (let i = 0; i < k.length; i += 1) k[i]! /= total;
  return k;
}

/** Separable Gaussian blur of one plane, edges replicated. σ ≤ 0 returns a copy. */
export function gaussianBlur(src: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (!(sigma > 0)) return src.slice();
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(src.length);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      let acc = 0;
      for (let i = -r; i <= r; i += 1) {
        const sx = Math.min(width - 1, Math.max(0, x + i));
        acc += src[row + sx]! * k[i + r]!;
      }
      tmp[row + x] = acc;
    }
  }
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let acc = 0;
      for (let i = -r; i <= r; i += 1) {
        const sy = Math.min(height - 1, Math.max(0, y + i));
        acc += tmp[sy * width + x]! * k[i + r]!;
      }
      out[y * width + x] = acc;
    }
  }
  return out;
}

/** Squared Euclidean distance of every pixel to the nearest pixel with value ≥ 0.5 (FAR if none). */
export function squaredDistanceToMask(mask: Float32Array, width: number, height: number): Float64Array {
  const grid = new Float64Array(width * height);
  for (let i = 0; i < grid.length; i += 1) grid[i] = mask[i]! >= 0.5 ? 0 : FAR;
  return squaredDistanceTransform(grid, width, height);
}

export interface SoftMaskOptions {
  /** Dilation radius in output pixels. Default 8 × (size / 224). */
  dilate?: number;
  /** Feather σ in output pixels. Default 3 × (size / 224). */
  sigma?: number;
}

/** Sizes for an output of `width` × `height` (scaled from 224 by the smaller side). */
export function softMaskSizes(width: number, height: number): { dilate: number; sigma: number } {
  const scale = Math.min(width, height) / 224;
  return { dilate: 8 * scale, sigma: 3 * scale };
}

/** m ∈ [0, 1]: the resized mask, dilated by a disk, then Gaussian-feathered. */
export function softMask(resized: Float32Array, width: number, height: number, options: SoftMaskOptions = {}): Float32Array {
  const sizes = softMaskSizes(width, height);
  const radius = options.dilate ?? sizes.dilate;
  const sigma = options.sigma ?? sizes.sigma;
  const dist = squaredDistanceToMask(resized, width, height);
  const r2 = radius * radius;
  const dilated = new Float32Array(width * height);
  for (let i = 0; i < dilated.length; i += 1) dilated[i] = dist[i]! <= r2 ? 1 : 0;
  const m = gaussianBlur(dilated, width, height, sigma);
  for (let i = 0; i < m.length; i += 1) m[i] = Math.min(1, Math.max(0, m[i]!));
  return m;
}
