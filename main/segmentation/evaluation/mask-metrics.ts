// Mask measurements used to judge segmentation quality (tests, benchmarks, later the report): Dice,
// connected components, and the exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012,
// "Distance Transforms of Sampled Functions") that places simulated clicks where a person would:
// deep inside a region, as far from its edge as possible.

import { FAR, squaredDistanceTransform } from '../image/distance-transform';

export function dice(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]! ? 1 : 0;
    const y = b[i]! ? 1 : 0;
    inter += x & y;
    sa += x;
    sb += y;
  }
  return sa + sb === 0 ? 1 : (2 * inter) / (sa + sb);
}

export function area(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i += 1) if (mask[i]) n += 1;
  return n;
}

/**
 * Squared Euclidean distance from each pixel inside `mask` to the nearest pixel outside it (pixels
 * beyond the image border count as outside, so a region touching the edge is shallow there).
 */
export function insideDistance2(mask: Uint8Array, width: number, height: number): Float64Array {
  // Pad by one pixel of "outside" all round.
  const w = width + 2;
  const h = height + 2;
  const grid = new Float64Array(w * h);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const inside = x > 0 && y > 0 && x <= width && y <= height && mask[(y - 1) * width + (x - 1)];
      grid[y * w + x] = inside ? FAR : 0;
    }
  }
  squaredDistanceTransform(grid, w, h);
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) out[y * width + x] = grid[(y + 1) * w + x + 1]!;
  return out;
}

/** The pixel of `mask` farthest from its edge (lowest index on ties), or null for an empty mask. */
export function deepestPoint(mask: Uint8Array, width: number, height: number): { x: number; y: number; depth: number } | null {
  const d2 = insideDistance2(mask, width, height);
  let best = -1;
  let bestValue = 0;
  for (let i = 0; i < d2.length; i += 1) {
    if (mask[i] && d2[i]! > bestValue) {
      bestValue = d2[i]!;
      best = i;
    }
  }
  return best < 0 ? null : { x: best % width, y: Math.floor(best / width), depth: Math.sqrt(bestValue) };
}

/** 4-connected components: a label per pixel (0 = outside) and each component's size. */
export function components(mask: Uint8Array, width: number, height: number): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(width * height);
  const sizes: number[] = [0];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < mask.length; start += 1) {
    if (!mask[start] || labels[start]) continue;
    const label = sizes.length;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const p = stack[--top]!;
      size += 1;
      const x = p % width;
      const neighbours = [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p >= width ? p - width : -1, p + width < mask.length ? p + width : -1];
      for (const q of neighbours) {
        if (q >= 0 && mask[q] && !labels[q]) {
          labels[q] = label;
          stack[top++] = q;
        }
      }
    }
    sizes.push(size);
  }
  return { labels, sizes };
}
