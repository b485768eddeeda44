// Resizing as Pillow does it, because CLIP's reference preprocessing (CLIPImageProcessor, and open_clip
// through torchvision on PIL images) resizes with PIL: same filter taps (Pillow's precompute_coeffs,
// support widened by the scale when shrinking, i.e. antialiased), horizontal pass then vertical pass.
// - 8-bit images: Pillow's fixed-point path (22-bit coefficients, rounded and clamped to a byte after
//   each pass), so our pixels are the bytes HF's processor feeds the model, not an approximation.
// - Float planes (the mask): Pillow's 'F'-mode path, double coefficients, no rounding.
// Bicubic is Keys' kernel with a = −0.5, as in Pillow.

import type { Resample } from './preprocess-config';

interface Filter {
  support: number;
  at: (x: number) => number;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

export function bicubicKernel(x: number, a = -0.5): number {
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

const FILTERS: Record<Exclude<Resample, 'nearest'>, Filter> = {
  box: { support: 0.5, at: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: { support: 1, at: (x) => Math.max(0, 1 - Math.abs(x)) },
  hamming: { support: 1, at: (x) => (x <= -1 || x >= 1 ? 0 : x === 0 ? 1 : sinc(x) * (0.54 + 0.46 * Math.cos(Math.PI * x))) },
  bicubic: { support: 2, at: (x) => bicubicKernel(x) },
  lanczos: { support: 3, at: (x) => (x <= -3 || x >= 3 ? 0 : sinc(x) * sinc(x / 3)) },
};

/** Taps for one axis: output o reads input start[o] .. start[o] + count[o] − 1. */
export interface AxisTaps {
  taps: number;
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array;
}

/** Pillow's precompute_coeffs for an input span [0, inSize) mapped onto outSize pixels. */
export function axisTaps(inSize: number, outSize: number, resample: Resample): AxisTaps {
  const scale = inSize / outSize;
  if (resample === 'nearest') {
    // Pillow resizes with NEAREST through an affine transform sampling at pixel centres.
    const start = new Int32Array(outSize);
    for (let o = 0; o < outSize; o += 1) start[o] = Math.min(inSize - 1, Math.floor((o + 0.5) * scale));
    return { taps: 1, start, count: new Int32Array(outSize).fill(1), weights: new Float64Array(outSize).fill(1) };
  }
  const filter = FILTERS[resample];
  const filterScale = Math.max(1, scale);
  const support = filter.support * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * taps);
  const ss = 1 / filterScale;
  for (let o = 0; o < outSize; o += 1) {
    const centre = (o + 0.5) * scale;
    // C's (int) cast truncates towards zero.
    const xmin = Math.max(0, Math.trunc(centre - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(centre + support + 0.5)) - xmin;
    let total = 0;
    const row = o * taps;
    for (let x = 0; x < xmax; x += 1) {
      const w = filter.at((x + xmin - centre + 0.5) * ss);
      weights[row + x] = w;
      total += w;
    }
    if (total !== 0) for (let x = 0; x < xmax; x += 1) weights[row + x]! /= total;
    start[o] = xmin;
    count[o] = Math.max(0, xmax);
  }
  return { taps, start, count, weights };
}

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

/** Pillow's normalize_coeffs_8bpc: doubles → fixed-point ints, rounded away from zero. */
function fixedPoint(t: AxisTaps): Int32Array {
  const out = new Int32Array(t.weights.length);
  for (let i = 0; i < t.weights.length; i += 1) {
    const w = t.weights[i]!;
    out[i] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
  }
  return out;
}

function clip8(acc: number): number {
  if (acc >= ONE * 256) return 255;
  if (acc <= 0) return 0;
  return Math.floor(acc / ONE);
}

/**
 * Resizes one 8-bit plane exactly as Pillow does for mode 'L' (and each band of 'RGB'): horizontal
 * pass into a byte image, then vertical. Pillow skips a pass whose size does not change; with these
 * filters that pass is the identity anyway (weights 1 at distance 0, 0 at whole distances).
 */
export function resizeBytes(src: Uint8Array, width: number, height: number, outW: number, outH: number, resample: Resample): Uint8Array {
  let cur = src;
  let curW = width;
  if (outW !== width) {
    const t = axisTaps(width, outW, resample);
    const k = fixedPoint(t);
    const tmp = new Uint8Array(outW * height);
    for (let y = 0; y < height; y += 1) {
      const row = y * width;
      for (let x = 0; x < outW; x += 1) {
        const s = t.start[x]!;
        const base = x * t.taps;
        let acc = HALF;
        for (let i = 0; i < t.count[x]!; i += 1) acc += src[row + s + i]! * k[base + i]!;
        tmp[y * outW + x] = clip8(acc);
      }
    }
    cur = tmp;
    curW = outW;
  }
  if (outH === height) return cur === src ? src.slice() : cur;
  const t = axisTaps(height, outH, resample);
  const k = fixedPoint(t);
  const out = new Uint8Array(curW * outH);
  for (let y = 0; y < outH; y += 1) {
    const s = t.start[y]!;
    const base = y * t.taps;
    const n = t.count[y]!;
    for (let x = 0; x < curW; x += 1) {
      let acc = HALF;
      for (let i = 0; i < n; i += 1) acc += cur[(s + i) * curW + x]! * k[base + i]!;
      out[y * curW + x] = clip8(acc);
    }
  }
  return out;
}

/** Resizes a float plane as Pillow's mode 'F' does (double weights, float results, no clamping). */
export function resizeFloat(src: Float32Array, width: number, height: number, outW: number, outH: number, resample: Resample): Float32Array {
  const tx = axisTaps(width, outW, resample);
  const tmp = new Float32Array(outW * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < outW; x += 1) {
      const s = tx.start[x]!;
      const base = x * tx.taps;
      let acc = 0;
      for (let i = 0; i < tx.count[x]!; i += 1) acc += src[row + s + i]! * tx.weights[base + i]!;
      tmp[y * outW + x] = acc;
    }
  }
  const ty = axisTaps(height, outH, resample);
  const out = new Float32Array(outW * outH);
  for (let y = 0; y < outH; y += 1) {
    const s = ty.start[y]!;
    const base = y * ty.taps;
    const n = ty.count[y]!;
    for (let x = 0; x < outW; x += 1) {
      let acc = 0;
      for (let i = 0; i < n; i += 1) acc += tmp[(s + i) * outW + x]! * ty.weights[base + i]!;
      out[y * outW + x] = acc;
    }
  }
  return out;
}
