// Gradient magnitude (Sobel, divided by 8 so it reads in grey levels per pixel; the image edge
// replicated) inside the mask and along its margin. A malignant lesion's margin tends to be
// ill-defined or angular, a benign one's sharp and smooth: the margin's mean gradient is a direct
// measure of that sharpness. The margin is the mask's own pixels with a 4-neighbour outside it.

import type { Region } from './region';

export const GRADIENT_NAMES = ['mean', 'std', 'margin_mean'] as const;

export type GradientName = (typeof GRADIENT_NAMES)[number];

export function gradient(region: Region): Record<GradientName, number> {
  const { width, height, grey, mask, box } = region;
  const g = (x: number, y: number): number =>
    grey[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  let n = 0;
  let s = 0;
  let ss = 0;
  let mn = 0;
  let ms = 0;
  for (let y = box.y0; y <= box.y1; y += 1) {
    const interiorRow = y > 0 && y < height - 1;
    for (let x = box.x0, i = y * width + box.x0; x <= box.x1; x += 1, i += 1) {
      if (!mask[i]) continue;
      let gx: number;
      let gy: number;
      let margin: boolean;
      if (interiorRow && x > 0 && x < width - 1) {
        const a = i - width;
        const b = i + width;
        gx = grey[a + 1]! + 2 * grey[i + 1]! + grey[b + 1]! - grey[a - 1]! - 2 * grey[i - 1]! - grey[b - 1]!;
        gy = grey[b - 1]! + 2 * grey[b]! + grey[b + 1]! - grey[a - 1]! - 2 * grey[a]! - grey[a + 1]!;
        margin = !mask[i - 1] || !mask[i + 1] || !mask[a] || !mask[b];
      } else {
        // On the image's edge: replicate the edge pixels; outside the image counts as outside the mask.
        gx = g(x + 1, y - 1) + 2 * g(x + 1, y) + g(x + 1, y + 1) - g(x - 1, y - 1) - 2 * g(x - 1, y) - g(x - 1, y + 1);
        gy = g(x - 1, y + 1) + 2 * g(x, y + 1) + g(x + 1, y + 1) - g(x - 1, y - 1) - 2 * g(x, y - 1) - g(x + 1, y - 1);
        margin = true;
      }
      const m = Math.sqrt(gx * gx + gy * gy) / 8;
      n += 1;
      s += m;
      ss += m * m;
      if (margin) {
        mn += 1;
        ms += m;
      }
    }
  }
  const mean = s / n;
  return { mean, std: Math.sqrt(Math.max(0, ss / n - mean * mean)), margin_mean: mn > 0 ? ms / mn : mean };
}
