// The region the radiomics features look at: the mask checked against the image, an empty mask read as
// "the whole image" (a normal exemplar has no lesion to outline), the mask's bounding box (every pass
// works inside it, so a small lesion on a large frame costs little), and the ring of surroundings just
// outside it: ultrasound reads a lesion's echogenicity against the tissue around it, not in absolute
// grey levels.

import { MaskcueError } from '../../../common/api';
import { toGrey } from '../../segmentation/image/pixels';
import { checkImage } from '../../segmentation/prompts';
import type { SegmentImage } from '../../segmentation/types';

/** Below this many pixels no feature (a second moment, a texture) means anything. */
export const MIN_MASK_PIXELS = 4;

/** Ring width = this × the mask's equivalent diameter, clamped to [RING_MIN_PX, RING_MAX_PX]. */
export const RING_FRACTION = 0.15;
export const RING_MIN_PX = 3;
export const RING_MAX_PX = 40;

export interface Box {
  x0: number;
  y0: number;
  /** Inclusive. */
  x1: number;
  y1: number;
}

export interface Region {
  width: number;
  height: number;
  /** 8-bit grey, width × height (Rec. 601 luma for RGB input). */
  grey: Uint8Array;
  /** 0/1 per pixel, width × height; all ones when the caller's mask was empty. */
  mask: Uint8Array;
  /** The mask's pixel count. */
  count: number;
  box: Box;
  /** Whether the caller's mask was empty, so the region is the whole image (and has no ring). */
  wholeImage: boolean;
}

export function regionOf(image: SegmentImage, mask: Uint8Array): Region {
  checkImage(image);
  const { width, height } = image;
  if (!(mask instanceof Uint8Array) || mask.length !== width * height) {
    throw new MaskcueError(
      'INVALID_ARGUMENT',
      `The mask must have one byte per pixel of the ${width} × ${height} image (${width * height}), got ${mask?.length ?? 'none'}.`,
    );
  }
  const grey = toGrey(image);
  let count = 0;
  let nonBinary = false;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0, i = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1, i += 1) {
      const m = mask[i]!;
      if (m === 0) continue;
      if (m !== 1) nonBinary = true;
      count += 1;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (count === 0) {
    return { width, height, grey, mask: new Uint8Array(width * height).fill(1), count: width * height, box: { x0: 0, y0: 0, x1: width - 1, y1: height - 1 }, wholeImage: true };
  }
  if (count < MIN_MASK_PIXELS) {
    throw new MaskcueError(
      'INVALID_ARGUMENT',
      `The outline is too small to describe (${count} pixel${count === 1 ? '' : 's'}; radiomics needs at least ${MIN_MASK_PIXELS}). Draw a larger outline, or clear it to use the whole image.`,
    );
  }
  // Normalise to 0/1 so that 255-valued masks work the same.
  const binary = nonBinary ? mask.map((m) => (m === 0 ? 0 : 1)) : mask;
  return { width, height, grey, mask: binary, count, box: { x0, y0, x1, y1 }, wholeImage: false };
}

export function ringWidthFor(count: number): number {
  const diameter = 2 * Math.sqrt(count / Math.PI);
  return Math.min(RING_MAX_PX, Math.max(RING_MIN_PX, Math.round(RING_FRACTION * diameter)));
}

/**
 * The pixels outside the mask within `ringWidth` of it (3-4 chamfer distance, within 8% of Euclidean),
 * as a histogram of their grey levels. Empty for the whole image.
 */
export function ringHistogram(region: Region, ringWidth: number): Float64Array {
  const hist = new Float64Array(256);
  if (region.wholeImage) return hist;
  const { width, height, grey, mask, box } = region;
  const wx0 = Math.max(0, box.x0 - ringWidth);
  const wy0 = Math.max(0, box.y0 - ringWidth);
  const wx1 = Math.min(width - 1, box.x1 + ringWidth);
  const wy1 = Math.min(height - 1, box.y1 + ringWidth);
  const w = wx1 - wx0 + 1;
  const h = wy1 - wy0 + 1;
  const far = 3 * (w + h) + 16;
  const d = new Int32Array(w * h);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) d[y * w + x] = mask[(y + wy0) * width + x + wx0] ? 0 : far;
  }
  // Forward pass: neighbours above and to the left; backward pass: below and to the right.
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x > 0) v = Math.min(v, d[i - 1]! + 3);
      if (y > 0) {
        v = Math.min(v, d[i - w]! + 3);
        if (x > 0) v = Math.min(v, d[i - w - 1]! + 4);
        if (x < w - 1) v = Math.min(v, d[i - w + 1]! + 4);
      }
      d[i] = v;
    }
  }
  for (let y = h - 1; y >= 0; y -= 1) {
    for (let x = w - 1; x >= 0; x -= 1) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x < w - 1) v = Math.min(v, d[i + 1]! + 3);
      if (y < h - 1) {
        v = Math.min(v, d[i + w]! + 3);
        if (x < w - 1) v = Math.min(v, d[i + w + 1]! + 4);
        if (x > 0) v = Math.min(v, d[i + w - 1]! + 4);
      }
      d[i] = v;
    }
  }
  const limit = 3 * ringWidth;
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const v = d[y * w + x]!;
      if (v > 0 && v <= limit) hist[grey[(y + wy0) * width + x + wx0]!]! += 1;
    }
  }
  return hist;
}

/** Histogram of the grey levels inside the mask. */
export function maskHistogram(region: Region): Float64Array {
  const hist = new Float64Array(256);
  const { width, grey, mask, box } = region;
  for (let y = box.y0; y <= box.y1; y += 1) {
    for (let x = box.x0, i = y * width + box.x0; x <= box.x1; x += 1, i += 1) {
      if (mask[i]) hist[grey[i]!]! += 1;
    }
  }
  return hist;
}
