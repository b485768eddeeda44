// The SAM2 encoder's input from an 8-bit image: stretch-resize to the model's square (no aspect
// preservation, no padding: SAM2Transforms), /255, ImageNet mean/std, planar NCHW float32.
// Resizing uses the triangle (bilinear) filter widened by the scale when shrinking, i.e. bilinear with
// antialias, which is what torchvision's Resize does on tensors (antialias=True by default since 0.17)
// in the official SAM2Transforms and what Hugging Face's processor does; when enlarging it is plain
// bilinear with half-pixel centres (align_corners=False). A 2048² CT frame shrunk without antialias
// would alias its noise into the encoder's input.

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** Filter taps for one axis: output i reads input start[i] .. start[i] + taps − 1 with weights. */
export interface AxisWeights {
  taps: number;
  start: Int32Array;
  weights: Float32Array;
}

export function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const support = Math.max(1, scale);
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const weights = new Float32Array(outSize * taps);
  for (let o = 0; o < outSize; o += 1) {
    const centre = (o + 0.5) * scale;
    const first = Math.max(0, Math.floor(centre - support));
    const last = Math.min(inSize - 1, Math.ceil(centre + support));
    let total = 0;
    const row = o * taps;
    for (let i = first; i <= last && i - first < taps; i += 1) {
      const w = Math.max(0, 1 - Math.abs(i + 0.5 - centre) / support);
      weights[row + i - first] = w;
      total += w;
    }
    start[o] = first;
    if (total > 0) for (let k = 0; k < taps; k += 1) weights[row + k]! /= total;
  }
  return { taps, start, weights };
}

/** Resizes one 8-bit plane (stride `step` between samples, offset `first`) to a float plane. */
function resizePlane(
  src: Uint8Array,
  width: number,
  height: number,
  step: number,
  first: number,
  xw: AxisWeights,
  yw: AxisWeights,
  outW: number,
  outH: number,
  tmp: Float32Array,
  out: Float32Array,
  outOffset: number,
): void {
  // Horizontal pass: height × outW.
  for (let y = 0; y < height; y += 1) {
    const rowIn = y * width;
    const rowOut = y * outW;
    for (let x = 0; x < outW; x += 1) {
      const s = xw.start[x]!;
      const wBase = x * xw.taps;
      let acc = 0;
      for (let k = 0; k < xw.taps; k += 1) {
        const w = xw.weights[wBase + k]!;
        if (w === 0) continue;
        acc += w * src[(rowIn + s + k) * step + first]!;
      }
      tmp[rowOut + x] = acc;
    }
  }
  // Vertical pass: outH × outW.
  for (let y = 0; y < outH; y += 1) {
    const s = yw.start[y]!;
    const wBase = y * yw.taps;
    const rowOut = outOffset + y * outW;
    for (let x = 0; x < outW; x += 1) out[rowOut + x] = 0;
    for (let k = 0; k < yw.taps; k += 1) {
      const w = yw.weights[wBase + k]!;
      if (w === 0) continue;
      const rowTmp = (s + k) * outW;
      for (let x = 0; x < outW; x += 1) out[rowOut + x]! += w * tmp[rowTmp + x]!;
    }
  }
}

/** One 8-bit plane resized to floats (same filter as the model input), e.g. GrowCut's working grid. */
export function resizePlaneToFloat(src: Uint8Array, width: number, height: number, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  const tmp = new Float32Array(height * outW);
  resizePlane(src, width, height, 1, 0, axisWeights(width, outW), axisWeights(height, outH), outW, outH, tmp, out, 0);
  return out;
}

export interface ModelInputOptions {
  width: number;
  height: number;
  mean?: readonly number[];
  std?: readonly number[];
}

/**
 * [1, 3, height, width] float32, planar RGB. A grey image is used as R = G = B (DICOM frames are
 * windowed to grey first), resized once and normalised per channel.
 */
export function toModelInput(
  image: { width: number; height: number; grey?: Uint8Array; rgb?: Uint8Array },
  options: ModelInputOptions,
): Float32Array {
  const { width: outW, height: outH } = options;
  const mean = options.mean ?? IMAGENET_MEAN;
  const std = options.std ?? IMAGENET_STD;
  const plane = outW * outH;
  const out = new Float32Array(plane * 3);
  const xw = axisWeights(image.width, outW);
  const yw = axisWeights(image.height, outH);
  const tmp = new Float32Array(image.height * outW);
  if (image.grey) {
    resizePlane(image.grey, image.width, image.height, 1, 0, xw, yw, outW, outH, tmp, out, 0);
    for (let c = 2; c >= 0; c -= 1) {
      const a = 1 / (255 * std[c]!);
      const b = -mean[c]! / std[c]!;
      const offset = c * plane;
      for (let i = 0; i < plane; i += 1) out[offset + i] = out[i]! * a + b;
    }
    return out;
  }
  const rgb = image.rgb!;
  for (let c = 0; c < 3; c += 1) {
    resizePlane(rgb, image.width, image.height, 3, c, xw, yw, outW, outH, tmp, out, c * plane);
    const a = 1 / (255 * std[c]!);
    const b = -mean[c]! / std[c]!;
    const offset = c * plane;
    for (let i = 0; i < plane; i += 1) out[offset + i] = out[offset + i]! * a + b;
  }
  return out;
}
