// The vision encoder's input for a set of (image, mask) items: focus views at batch indices 0..N−1 and
// the originals at N..2N−1, so one session.run encodes both (notes/method.md: "Encode focus view and
// original together in one batch"). NCHW float32, normalised (x · 255 · rescale − mean) / std.

import type { FocusMode } from '../../../common/domain';
import type { MaskedImage } from '../types';
import { focusAndOriginal } from './focus-view';
import { checkMaskedImage, type RgbPlanes } from './geometry';
import { outputSize, type ClipPreprocess } from './preprocess-config';

export interface PixelBatch {
  data: Float32Array;
  dims: [number, 3, number, number];
}

function writeNormalised(planes: RgbPlanes, pre: ClipPreprocess, out: Float32Array, offset: number): void {
  const plane = planes.width * planes.height;
  for (let c = 0; c < 3; c += 1) {
    // x in [0, 1] came from byte / 255; HF rescales the byte by rescale_factor.
    const a = (255 * pre.rescale) / pre.std[c]!;
    const b = -pre.mean[c]! / pre.std[c]!;
    const o = c * plane;
    for (let i = 0; i < plane; i += 1) out[offset + o + i] = planes.data[o + i]! * a + b;
  }
}

export function buildPixelBatch(items: readonly MaskedImage[], focus: FocusMode, pre: ClipPreprocess): PixelBatch {
  const { width, height } = outputSize(pre);
  const n = items.length;
  const per = 3 * width * height;
  const data = new Float32Array(2 * n * per);
  items.forEach((item, i) => {
    checkMaskedImage(item.image, item.mask, i);
    const views = focusAndOriginal(item.image, item.mask, focus, pre);
    writeNormalised(views.focus, pre, data, i * per);
    writeNormalised(views.original, pre, data, (n + i) * per);
  });
  return { data, dims: [2 * n, 3, height, width] };
}
