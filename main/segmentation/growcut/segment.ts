// GrowCut from prompts to mask, as one pure function (run in the segmentation worker, or inline in
// the CLI): shrink to a working grid, smooth, seed, compete, and bring the labels back to full size.
// Large frames run on a shrunken grid (longest side `maxSide`, 512 by default): the competition is
// O(N log N) and a 2048² frame would take seconds at full size, while a boundary placed on the
// 512 grid and upsampled bilinearly is within a couple of pixels at 2048² — finer than the click.

import type { LowResLogits } from '../types';
import { resizeLogits, upsampleToMask } from '../image/logits';
import { resizePlaneToFloat } from '../image/model-input';
import { BACKGROUND, FOREGROUND, growCut } from './growcut';
import { seedsFromPrompts, type GridPrompts } from './seeds';

export interface GrowCutSettings {
  /** Longest side of the working grid. */
  maxSide: number;
  /** Gaussian σ (working cells) applied before the competition; tames ultrasound speckle and CT noise. */
  smoothing: number;
  /** Click disc radius as a fraction of the working grid's shorter side (at least 1.5 cells). */
  seedRadius: number;
  locality: number;
  maxDiff: number;
  boxMargin: number;
  /** Click discs keep cells within this fraction of maxDiff of the clicked intensity. */
  seedSimilarity: number;
  /**
   * Strength the previous result's labels start with when `previous` is given (0 = ignore it). Below
   * the clicks' 1, so the new click wins near itself and the rest of the mask stays: corrections stay
   * local, as they do with SAM2's mask input.
   */
  previousStrength: number;
}

/**
 * Tuned on BUSI breast ultrasound with simulated clicks (tests/integration/segment-busi.spec.ts):
 * speckle needs σ = 3 smoothing, and a steep edge response (maxDiff 30 of 255: a smoothed step of 30
 * grey levels stops growth) keeps a click on a small lesion from flooding the breast tissue around
 * it, which is GrowCut's failure with the paper's maxDiff = 255 (Dice 0.31 → 0.61 on one click).
 */
export const DEFAULT_GROWCUT: GrowCutSettings = {
  maxSide: 512,
  smoothing: 3,
  seedRadius: 0.02,
  locality: 1,
  maxDiff: 30,
  boxMargin: 0.1,
  seedSimilarity: 0.25,
  previousStrength: 0.1,
};

/** Low-res output grid, like SAM2's, so callers handle both engines alike. */
export const GROWCUT_LOW_RES = 256;

export interface GrowCutJob {
  grey: Uint8Array;
  width: number;
  height: number;
  prompts: GridPrompts;
  /** The previous result's low-res logits (sign = its mask). */
  previous?: LowResLogits | null;
  settings?: Partial<GrowCutSettings>;
}

export interface GrowCutJobResult {
  mask: Uint8Array;
  lowResLogits: LowResLogits;
  score: number;
  workWidth: number;
  workHeight: number;
  /** The competition alone. */
  growMs: number;
  totalMs: number;
}

function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const k = new Float32Array(radius * 2 + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i += 1) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i += 1) k[i]! /= sum;
  return k;
}

/** One blur pass along lines of `length` samples `step` apart, lines `lineStep` apart; edges clamped. */
function blurPass(src: Float32Array, out: Float32Array, lines: number, length: number, lineStep: number, step: number, k: Float32Array): void {
  const r = (k.length - 1) / 2;
  for (let line = 0; line < lines; line += 1) {
    const base = line * lineStep;
    for (let i = 0; i < length; i += 1) {
      let acc = 0;
      if (i >= r && i < length - r) {
        // Interior: no clamping (the bulk of the work).
        let at = base + (i - r) * step;
        for (let t = 0; t < k.length; t += 1, at += step) acc += k[t]! * src[at]!;
      } else {
        for (let t = -r; t <= r; t += 1) acc += k[t + r]! * src[base + Math.min(length - 1, Math.max(0, i + t)) * step]!;
      }
      out[base + i * step] = acc;
    }
  }
}

/** Separable Gaussian blur with clamped edges. */
export function gaussianBlur(src: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (sigma <= 0) return src;
  const k = gaussianKernel(sigma);
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  blurPass(src, tmp, height, width, width, 1, k);
  // Columns row by row (whole rows times a weight), which walks memory in order.
  const r = (k.length - 1) / 2;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let t = -r; t <= r; t += 1) {
      const w = k[t + r]!;
      const from = Math.min(height - 1, Math.max(0, y + t)) * width;
      for (let x = 0; x < width; x += 1) out[row + x]! += w * tmp[from + x]!;
    }
  }
  return out;
}

/** The image on the working grid: as is, a box average for whole-number factors, else antialiased. */
function workingPlane(grey: Uint8Array, width: number, height: number, workWidth: number, workHeight: number): Float32Array {
  if (workWidth === width && workHeight === height) return Float32Array.from(grey);
  const kx = width / workWidth;
  const ky = height / workHeight;
  if (Number.isInteger(kx) && Number.isInteger(ky)) {
    const out = new Float32Array(workWidth * workHeight);
    for (let y = 0; y < height; y += 1) {
      const row = y * width;
      const rowOut = Math.floor(y / ky) * workWidth;
      for (let x = 0; x < width; x += 1) out[rowOut + Math.floor(x / kx)]! += grey[row + x]!;
    }
    const scale = 1 / (kx * ky);
    for (let i = 0; i < out.length; i += 1) out[i]! *= scale;
    return out;
  }
  return resizePlaneToFloat(grey, width, height, workWidth, workHeight);
}

export function runGrowCut(job: GrowCutJob): GrowCutJobResult {
  const started = performance.now();
  const settings = { ...DEFAULT_GROWCUT, ...job.settings };
  const { width, height } = job;
  const scale = Math.min(1, settings.maxSide / Math.max(width, height));
  const workWidth = Math.max(1, Math.round(width * scale));
  const workHeight = Math.max(1, Math.round(height * scale));
  const sx = workWidth / width;
  const sy = workHeight / height;

  const plane = workingPlane(job.grey, width, height, workWidth, workHeight);
  const features = gaussianBlur(plane, workWidth, workHeight, settings.smoothing);
  const grid: GridPrompts = {
    // Pixel (x, y) covers [x, x+1): its centre maps to (x + 0.5)·s − 0.5 on the working grid.
    points: job.prompts.points.map((p) => ({ x: (p.x + 0.5) * sx - 0.5, y: (p.y + 0.5) * sy - 0.5, label: p.label })),
    box: job.prompts.box
      ? { x1: job.prompts.box.x1 * sx, y1: job.prompts.box.y1 * sy, x2: (job.prompts.box.x2 + 1) * sx - 1, y2: (job.prompts.box.y2 + 1) * sy - 1 }
      : null,
  };
  const radius = Math.max(1.5, settings.seedRadius * Math.min(workWidth, workHeight));
  const { seeds, allowed, foregroundSeeds } = seedsFromPrompts(workWidth, workHeight, grid, {
    radius,
    boxMargin: settings.boxMargin,
    similarity: settings.seedSimilarity * settings.maxDiff,
    features,
  });

  let initial: Float64Array | null = null;
  if (job.previous && settings.previousStrength > 0) {
    const prior = resizeLogits(job.previous.data, job.previous.width, job.previous.height, workWidth, workHeight);
    initial = new Float64Array(seeds.length);
    for (let i = 0; i < seeds.length; i += 1) {
      if (seeds[i] !== 0) initial[i] = 1;
      else {
        seeds[i] = prior[i]! > 0 ? FOREGROUND : BACKGROUND;
        initial[i] = settings.previousStrength;
      }
    }
  }
  const growStarted = performance.now();
  const params = { maxDiff: settings.maxDiff, locality: settings.locality };
  const grown = foregroundSeeds > 0 ? growCut(features, workWidth, workHeight, seeds, allowed, params, initial) : null;
  const growMs = performance.now() - growStarted;

  const n = workWidth * workHeight;
  const signed = new Float32Array(n);
  let strengthSum = 0;
  let fgCount = 0;
  for (let i = 0; i < n; i += 1) {
    const fg = grown !== null && grown.labels[i] === FOREGROUND;
    signed[i] = fg ? 1 : -1;
    // Cells no seed reached (or outside the box) count as background.
    if (fg) {
      strengthSum += grown.strength[i]!;
      fgCount += 1;
    }
  }
  let mask: Uint8Array;
  if (workWidth === width && workHeight === height) {
    mask = new Uint8Array(n);
    for (let i = 0; i < n; i += 1) mask[i] = signed[i]! > 0 ? 1 : 0;
  } else {
    mask = upsampleToMask(signed, workWidth, workHeight, width, height);
  }
  const low = resizeLogits(signed, workWidth, workHeight, GROWCUT_LOW_RES, GROWCUT_LOW_RES);
  for (let i = 0; i < low.length; i += 1) low[i]! *= 10;
  return {
    mask,
    lowResLogits: { width: GROWCUT_LOW_RES, height: GROWCUT_LOW_RES, data: low },
    score: fgCount ? strengthSum / fgCount : 0,
    workWidth,
    workHeight,
    growMs,
    totalMs: performance.now() - started,
  };
}
