// The heat map's colours: matplotlib's "inferno" ramp (perceptually uniform, readable in grey print
// and by most colour-blind readers), sampled at nine points and interpolated linearly. The same ramp
// draws the key images and the PDF's legend, so the legend tells the truth about the overlay.

import type { Rgb } from './raster';

const INFERNO: readonly Rgb[] = [
  [0, 0, 4],
  [31, 12, 72],
  [85, 15, 109],
  [136, 34, 106],
  [186, 54, 85],
  [227, 89, 51],
  [249, 140, 10],
  [249, 201, 50],
  [252, 255, 164],
];

/** Colour for a value in [0, 1] (clamped). */
export function heatColour(value: number): Rgb {
  const v = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)) * (INFERNO.length - 1);
  const i = Math.min(INFERNO.length - 2, Math.floor(v));
  const t = v - i;
  const a = INFERNO[i]!;
  const b = INFERNO[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

/** Opacity of the overlay at a value: proportional, so a cell that barely mattered barely shows. */
export const HEAT_MAX_ALPHA = 0.7;
export function heatAlpha(value: number): number {
  return HEAT_MAX_ALPHA * Math.min(1, Math.max(0, value));
}
