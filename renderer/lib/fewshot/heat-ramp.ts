// The heat map's colours: occlusion heat 0…1 → a "hot" ramp (dark red → red → orange → yellow) with
// opacity rising with the heat, so cold cells leave the image untouched and the hottest stand out.
// No blue or green in the ramp: the masks and the prompt markers use those.
import type { HeatMap } from '../../../common/domain';

type Rgb = readonly [number, number, number];

const STOPS: readonly { at: number; rgb: Rgb }[] = [
  { at: 0, rgb: [120, 0, 0] },
  { at: 0.35, rgb: [220, 30, 10] },
  { at: 0.65, rgb: [255, 140, 0] },
  { at: 0.9, rgb: [255, 215, 0] },
  { at: 1, rgb: [255, 245, 90] },
];

/** Below this heat a cell is not drawn: occlusion noise, not a reason. */
export const HEAT_FLOOR = 0.05;

export function heatColour(value: number): [number, number, number] {
  const v = Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
  for (let i = 1; i < STOPS.length; i += 1) {
    const hi = STOPS[i]!;
    if (v <= hi.at) {
      const lo = STOPS[i - 1]!;
      const t = (v - lo.at) / (hi.at - lo.at);
      return [0, 1, 2].map((c) => Math.round(lo.rgb[c]! + (hi.rgb[c]! - lo.rgb[c]!) * t)) as [number, number, number];
    }
  }
  const top = STOPS[STOPS.length - 1]!.rgb;
  return [top[0], top[1], top[2]];
}

/** Opacity 0…1 for a heat value at the given strength (the most opaque a cell gets). */
export function heatAlpha(value: number, strength: number): number {
  if (!Number.isFinite(value) || value < HEAT_FLOOR) return 0;
  return Math.min(Math.max(strength, 0), 1) * (0.3 + 0.7 * Math.min(value, 1));
}

/** RGBA for the heat map's grid, one pixel per cell, ready for ImageData. */
export function heatPixels(heatmap: Pick<HeatMap, 'width' | 'height' | 'data'>, strength: number): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, data } = heatmap;
  const out = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  const cells = Math.min(width * height, data.length);
  for (let i = 0; i < cells; i += 1) {
    const value = data[i]!;
    const alpha = heatAlpha(value, strength);
    if (alpha === 0) continue;
    const [r, g, b] = heatColour(value);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = Math.round(alpha * 255);
  }
  return out;
}

/** How many cells carry heat (drawn at all): 0 means the map has nothing to show. */
export function hotCells(heatmap: Pick<HeatMap, 'data'>): number {
  let count = 0;
  for (let i = 0; i < heatmap.data.length; i += 1) if (heatmap.data[i]! >= HEAT_FLOOR) count += 1;
  return count;
}

