// The RGB raster the report overlays are drawn on, and the resampling that gets a study image to a
// size a PDF page or a PNG snapshot can carry. Downscaling averages areas (a box filter with
// fractional edges), so speckle and thin structures fade as they would on a smaller screen instead of
// aliasing; upscaling is by whole factors with nearest neighbour, so no grey level is invented.

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3, row-major. */
  rgb: Uint8Array;
}

export type Rgb = readonly [number, number, number];

/**
 * Area-average resampling of a planar-interleaved float image (`channels` samples per pixel) to a
 * smaller or equal size. Separable: rows first, then columns; each output sample is the mean of the
 * source area it covers, partial pixels weighted by the fraction covered.
 */
export function areaResample(src: Float32Array, width: number, height: number, channels: number, outWidth: number, outHeight: number): Float32Array {
  if (outWidth === width && outHeight === height) return src;
  const xs = boxWeights(width, outWidth);
  const ys = boxWeights(height, outHeight);
  const mid = new Float32Array(outWidth * height * channels);
  for (let y = 0; y < height; y += 1) {
    const srcRow = y * width * channels;
    const midRow = y * outWidth * channels;
    for (let ox = 0; ox < outWidth; ox += 1) {
      const { first, weights, total } = xs[ox]!;
      for (let c = 0; c < channels; c += 1) {
        let sum = 0;
        for (let k = 0; k < weights.length; k += 1) sum += src[srcRow + (first + k) * channels + c]! * weights[k]!;
        mid[midRow + ox * channels + c] = sum / total;
      }
    }
  }
  const out = new Float32Array(outWidth * outHeight * channels);
  const stride = outWidth * channels;
  for (let oy = 0; oy < outHeight; oy += 1) {
    const { first, weights, total } = ys[oy]!;
    for (let i = 0; i < stride; i += 1) {
      let sum = 0;
      for (let k = 0; k < weights.length; k += 1) sum += mid[(first + k) * stride + i]! * weights[k]!;
      out[oy * stride + i] = sum / total;
    }
  }
  return out;
}

/** For each output index: the first source index it touches and how much of each source pixel. */
function boxWeights(size: number, outSize: number): { first: number; weights: number[]; total: number }[] {
  const ratio = size / outSize;
  const result: { first: number; weights: number[]; total: number }[] = [];
  for (let o = 0; o < outSize; o += 1) {
    const start = o * ratio;
    const end = Math.min(size, (o + 1) * ratio);
    const first = Math.floor(start);
    const weights: number[] = [];
    let total = 0;
    for (let i = first; i < end; i += 1) {
      const w = Math.min(end, i + 1) - Math.max(start, i);
      if (w <= 0) continue;
      weights.push(w);
      total += w;
    }
    result.push({ first, weights, total });
  }
  return result;
}

/** Nearest-neighbour resampling of one byte per pixel (masks onto another grid). */
export function nearestResample(src: Uint8Array, width: number, height: number, outWidth: number, outHeight: number): Uint8Array {
  if (outWidth === width && outHeight === height) return src;
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y += 1) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / outHeight));
    for (let x = 0; x < outWidth; x += 1) {
      const sx = Math.min(width - 1, Math.floor(((x + 0.5) * width) / outWidth));
      out[y * outWidth + x] = src[sy * width + sx]!;
    }
  }
  return out;
}

/** Whole-factor nearest-neighbour enlargement of an interleaved byte image. */
export function enlarge(src: Uint8Array, width: number, height: number, channels: number, factor: number): Uint8Array {
  if (factor === 1) return src;
  const outWidth = width * factor;
  const out = new Uint8Array(outWidth * height * factor * channels);
  for (let y = 0; y < height * factor; y += 1) {
    const sRow = Math.floor(y / factor) * width;
    for (let x = 0; x < outWidth; x += 1) {
      const s = (sRow + Math.floor(x / factor)) * channels;
      const o = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c += 1) out[o + c] = src[s + c]!;
    }
  }
  return out;
}

/** Fills a rectangle, clipped to the image. */
export function fillRect(image: RgbImage, x0: number, y0: number, w: number, h: number, colour: Rgb): void {
  const xa = Math.max(0, Math.round(x0));
  const ya = Math.max(0, Math.round(y0));
  const xb = Math.min(image.width, Math.round(x0 + w));
  const yb = Math.min(image.height, Math.round(y0 + h));
  for (let y = ya; y < yb; y += 1) {
    for (let x = xa; x < xb; x += 1) {
      const o = (y * image.width + x) * 3;
      image.rgb[o] = colour[0];
      image.rgb[o + 1] = colour[1];
      image.rgb[o + 2] = colour[2];
    }
  }
}

/** Sets one pixel when it lies inside the image. */
export function setPixel(image: RgbImage, x: number, y: number, colour: Rgb): void {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  const o = (y * image.width + x) * 3;
  image.rgb[o] = colour[0];
  image.rgb[o + 1] = colour[1];
  image.rgb[o + 2] = colour[2];
}
