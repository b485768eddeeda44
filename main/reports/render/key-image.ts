// A finding's key image as the reports show it: the windowed display image, the heat map blended in
// (inferno, opacity by value, only inside cells the explainer marked), the mask's outline on top in
// one fixed green, a scale bar in round millimetres when the pixel spacing is known, and the
// orientation letters at the edges. Everything is burnt into one RGB raster so a PNG snapshot carries
// it without MaskCue; the PDF embeds the same raster. Large images shrink (area average) to maxSide;
// small ones may grow by whole factors (minSide) so the burnt-in labels and outline stay fine.

import { MaskcueError } from '../../../common/api';
import type { HeatMap } from '../../../common/domain';
import type { ReportFinding } from '../types';
import { drawText, measureText } from './bitmap-font';
import { heatAlpha, heatColour } from './colour-map';
import { type Rgb, type RgbImage, areaResample, enlarge, fillRect, nearestResample } from './raster';
import { type ScaleBar, chooseScaleBar } from './scale-bar';

export interface KeyImageOptions {
  outline: boolean;
  heatmap: boolean;
  scaleBar: boolean;
  orientation: boolean;
  /** Longest side of the result; larger images are area-averaged down. Default 1024. */
  maxSide?: number;
  /** Images whose longest side is below this grow by a whole factor (nearest), up to maxSide. */
  minSide?: number;
  /** Pixels per font pixel for the burnt-in labels (glyphs are 5 × 7); default from the image size. */
  textScale?: number;
}

export interface KeyImage extends RgbImage {
  /** The bar drawn (its length in mm and output pixels), or null when none was. */
  scaleBar: ScaleBar | null;
  /** Millimetres per output pixel along a row, when the spacing is known. */
  mmPerPx: number | null;
}

/** The outline's colour: a green no part of the inferno ramp or a grey image comes near. */
export const OUTLINE_RGB: Rgb = [0, 255, 64];
export const LABEL_RGB: Rgb = [255, 255, 255];
export const HALO_RGB: Rgb = [0, 0, 0];
export const DEFAULT_MAX_SIDE = 1024;

export function renderKeyImage(finding: ReportFinding, options: KeyImageOptions): KeyImage {
  const { display } = finding;
  const dw = display.width;
  const dh = display.height;
  const channels = display.rgb ? 3 : 1;
  const source = display.rgb ?? display.grey;
  if (!source || dw < 1 || dh < 1 || source.length !== dw * dh * channels) {
    throw new MaskcueError('INVALID_ARGUMENT', `The key image for "${finding.label}" has no usable display pixels (${dw} × ${dh}); re-open the image and export again.`);
  }
  if (finding.mask.length !== finding.width * finding.height) {
    throw new MaskcueError('INVALID_ARGUMENT', `The mask of "${finding.label}" does not match its ${finding.width} × ${finding.height} image; re-accept the mask and export again.`);
  }

  const { w, h, factor, width, height } = keyImageGeometry(dw, dh, options);

  let base = source;
  if (w !== dw || h !== dh) base = toBytes(areaResample(toFloat(source), dw, dh, channels, w, h));
  let rgb = enlarge(channels === 3 ? base : greyToRgb(base), w, h, 3, factor);
  if (rgb === source) rgb = rgb.slice(); // the overlays must never draw on the caller's pixels
  const image: KeyImage = { width, height, rgb, scaleBar: null, mmPerPx: null };

  const heat = finding.heatmap ?? finding.classification?.heatmap ?? null;
  if (options.heatmap && heat) blendHeatMap(image, heat, finding.width / width, finding.height / height);

  if (options.outline) {
    const mask = outputMask(finding, dw, dh, w, h, factor);
    const boundary = maskBoundary(mask, width, height, Math.max(width, height) >= 512 ? 2 : 1);
    for (let i = 0; i < boundary.length; i += 1) {
      if (!boundary[i]) continue;
      image.rgb.set(OUTLINE_RGB, i * 3);
    }
  }

  const textScale = Math.max(1, Math.round(options.textScale ?? Math.max(width, height) / 340));
  const halo = Math.max(1, Math.ceil(textScale / 2));
  const margin = Math.max(4, Math.round(Math.max(width, height) * 0.02)) + halo;
  if (finding.pixelSpacing) {
    const mmPerPx = (finding.pixelSpacing[1] * finding.width) / width;
    image.mmPerPx = Number.isFinite(mmPerPx) && mmPerPx > 0 ? mmPerPx : null;
  }
  if (options.scaleBar && image.mmPerPx !== null) {
    image.scaleBar = chooseScaleBar(image.mmPerPx, width);
    if (image.scaleBar) drawScaleBar(image, image.scaleBar, margin, textScale, halo);
  }
  if (options.orientation && finding.orientation) drawOrientation(image, finding.orientation, margin, textScale, halo);
  return image;
}

/** Output size for a display of dw × dh: shrunk (w × h) to maxSide, then enlarged × factor. */
export function keyImageGeometry(dw: number, dh: number, options: Pick<KeyImageOptions, 'maxSide' | 'minSide'>): { w: number; h: number; factor: number; width: number; height: number } {
  const maxSide = Math.max(16, Math.floor(options.maxSide ?? DEFAULT_MAX_SIDE));
  const longest = Math.max(dw, dh);
  const shrink = Math.min(1, maxSide / longest);
  const w = Math.max(1, Math.round(dw * shrink));
  const h = Math.max(1, Math.round(dh * shrink));
  const factor = shrink < 1 || !options.minSide ? 1 : Math.max(1, Math.min(Math.ceil(options.minSide / longest), Math.floor(maxSide / longest)));
  return { w, h, factor, width: w * factor, height: h * factor };
}

/**
 * The inner boundary of a 0/1 mask, `thickness` pixels deep: a mask pixel is on it when some pixel
 * within that many 4-neighbour steps lies outside the mask or outside the image.
 */
export function maskBoundary(mask: Uint8Array, width: number, height: number, thickness: 1 | 2): Uint8Array {
  let edge = new Uint8Array(mask.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      if (!mask[i]) continue;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - width] || !mask[i + width]) edge[i] = 1;
    }
  }
  if (thickness === 2) {
    const grown = edge.slice();
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = y * width + x;
        if (!mask[i] || edge[i]) continue;
        if (edge[i - 1] || edge[i + 1] || edge[i - width] || edge[i + width]) grown[i] = 1;
      }
    }
    edge = grown;
  }
  return edge;
}

/** The mask on the output grid: onto the display grid (nearest), area coverage ≥ ½, then enlarged. */
function outputMask(finding: ReportFinding, dw: number, dh: number, w: number, h: number, factor: number): Uint8Array {
  const onDisplay = nearestResample(finding.mask, finding.width, finding.height, dw, dh);
  let small: Uint8Array;
  if (w === dw && h === dh) small = onDisplay.map((v) => (v ? 1 : 0));
  else {
    const coverage = areaResample(Float32Array.from(onDisplay, (v) => (v ? 1 : 0)), dw, dh, 1, w, h);
    small = Uint8Array.from(coverage, (v) => (v >= 0.5 ? 1 : 0));
  }
  return enlarge(small, w, h, 1, factor);
}

/**
 * Colour only inside cells whose value is above zero; within them the value is interpolated between
 * cell centres so the overlay is not a checkerboard. `sx`, `sy`: image pixels per output pixel.
 */
function blendHeatMap(image: RgbImage, heat: HeatMap, sx: number, sy: number): void {
  const { width: hw, height: hh, cellSize, data } = heat;
  if (hw < 1 || hh < 1 || cellSize <= 0 || data.length !== hw * hh) return;
  const at = (cx: number, cy: number): number => {
    const v = data[Math.min(hh - 1, Math.max(0, cy)) * hw + Math.min(hw - 1, Math.max(0, cx))]!;
    return Number.isFinite(v) && v > 0 ? Math.min(1, v) : 0;
  };
  for (let y = 0; y < image.height; y += 1) {
    const iy = (y + 0.5) * sy;
    const cy = Math.floor(iy / cellSize);
    if (cy >= hh) continue;
    const v = iy / cellSize - 0.5;
    const y0 = Math.floor(v);
    const fy = v - y0;
    for (let x = 0; x < image.width; x += 1) {
      const ix = (x + 0.5) * sx;
      const cx = Math.floor(ix / cellSize);
      if (cx >= hw || at(cx, cy) <= 0) continue;
      const u = ix / cellSize - 0.5;
      const x0 = Math.floor(u);
      const fx = u - x0;
      const value = (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
      const alpha = heatAlpha(value);
      if (alpha <= 0) continue;
      const colour = heatColour(value);
      const o = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c += 1) image.rgb[o + c] = Math.round(image.rgb[o + c]! * (1 - alpha) + colour[c]! * alpha);
    }
  }
}

/** Bottom-left: a white bar with end ticks and its length above it, all on a black halo. */
function drawScaleBar(image: RgbImage, bar: ScaleBar, margin: number, scale: number, halo: number): void {
  const thick = Math.max(2, 2 * scale);
  const tick = 3 * scale;
  const x0 = margin;
  const y0 = image.height - margin - thick;
  const parts: [number, number, number, number][] = [
    [x0, y0, bar.px, thick],
    [x0, y0 - tick, Math.max(1, scale), tick],
    [x0 + bar.px - Math.max(1, scale), y0 - tick, Math.max(1, scale), tick],
  ];
  for (const [x, y, w, h] of parts) fillRect(image, x - halo, y - halo, w + 2 * halo, h + 2 * halo, HALO_RGB);
  for (const [x, y, w, h] of parts) fillRect(image, x, y, w, h, LABEL_RGB);
  const text = measureText(bar.label, scale);
  drawText(image, bar.label, x0, y0 - tick - 2 * halo - scale - text.height, scale, LABEL_RGB, HALO_RGB, halo);
}

function drawOrientation(image: RgbImage, letters: NonNullable<ReportFinding['orientation']>, margin: number, scale: number, halo: number): void {
  const place = (text: string, x: (w: number) => number, y: (h: number) => number): void => {
    const label = text.trim().toUpperCase();
    if (!label) return;
    const size = measureText(label, scale);
    drawText(image, label, Math.round(x(size.width)), Math.round(y(size.height)), scale, LABEL_RGB, HALO_RGB, halo);
  };
  place(letters.left, () => margin, (h) => (image.height - h) / 2);
  place(letters.right, (w) => image.width - margin - w, (h) => (image.height - h) / 2);
  place(letters.top, (w) => (image.width - w) / 2, () => margin);
  place(letters.bottom, (w) => (image.width - w) / 2, (h) => image.height - margin - h);
}

function toFloat(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes);
}

function toBytes(values: Float32Array): Uint8Array {
  return Uint8Array.from(values, (v) => Math.min(255, Math.max(0, Math.round(v))));
}

function greyToRgb(grey: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i += 1) rgb.fill(grey[i]!, i * 3, i * 3 + 3);
  return rgb;
}
