// The mask as a visual prompt on the image (notes/method.md §1), on RGB in [0, 1] after CLIP's
// geometry and before mean/std. m is the soft mask (soft-mask.ts):
// - overlay (the paper's): x' = (1 − 0.5·m)·x + 0.5·m·c. c is fixed, never random (features would
//   depend on the draw): SAM's own mask colour, RGB (30, 144, 255)/255, the blue its demo notebooks
//   use when random_color=False — a colour absent from grey radiology images.
// - blur-outside (FGVP's best prompt): x' = m·x + (1 − m)·blur(x), Gaussian σ = 0.1 × input size.
// - dim-outside: x' = m·x + (1 − m)·0.3·x.
// - crop: the mask's bounding box plus a margin, made square, cut from the original image and sent
//   through the same geometry (so the same resampling and normalisation).
// An empty mask means "the whole image": the focus view is the original.

import { setBounds } from '../../../common/domain';
import type { FocusMode } from '../../../common/domain';
import type { SegmentImage } from '../../segmentation/types';
import { geometryFor, geometryImage, geometryMask, subImage, type RgbPlanes } from './geometry';
import type { ClipPreprocess } from './preprocess-config';
import { gaussianBlur, softMask } from './soft-mask';

export const OVERLAY_COLOUR = [30 / 255, 144 / 255, 255 / 255] as const;
export const OVERLAY_ALPHA = 0.5;
export const DIM_OUTSIDE = 0.3;
/** blur-outside σ as a fraction of the model's input size (22.4 px at 224). */
export const BLUR_FRACTION = 0.1;
/** crop: margin on each side, as a fraction of the box's longer side. */
export const CROP_MARGIN = 0.15;
/** crop: the square is at least this many image pixels (a 3-pixel mask would otherwise be blown up 70×). */
export const CROP_MIN_SIDE = 32;

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The crop mode's square around the mask, inside the image; null for an empty mask. */
export function cropRegion(mask: Uint8Array, width: number, height: number): Region | null {
  const b = setBounds(mask, width, height);
  if (!b) return null;
  const bw = b.x2 - b.x1 + 1;
  const bh = b.y2 - b.y1 + 1;
  const limit = Math.min(width, height);
  const side = Math.min(limit, Math.max(Math.min(CROP_MIN_SIDE, limit), Math.round(Math.max(bw, bh) * (1 + 2 * CROP_MARGIN))));
  const cx = (b.x1 + b.x2 + 1) / 2;
  const cy = (b.y1 + b.y2 + 1) / 2;
  const x = Math.min(width - side, Math.max(0, Math.round(cx - side / 2)));
  const y = Math.min(height - side, Math.max(0, Math.round(cy - side / 2)));
  return { x, y, width: side, height: side };
}

function hasAny(mask: Uint8Array): boolean {
  for (let i = 0; i < mask.length; i += 1) if (mask[i]) return true;
  return false;
}

/** The image after CLIP's geometry, plus the focus view in the given mode. RGB in [0, 1], planar. */
export function focusAndOriginal(image: SegmentImage, mask: Uint8Array, focus: FocusMode, pre: ClipPreprocess): { focus: RgbPlanes; original: RgbPlanes } {
  const g = geometryFor(image.width, image.height, pre);
  const original = geometryImage(image, pre, g);
  if (!hasAny(mask)) return { focus: original, original };
  if (focus === 'crop') {
    const r = cropRegion(mask, image.width, image.height)!;
    return { focus: geometryImage(subImage(image, r.x, r.y, r.width, r.height), pre), original };
  }
  const m = softMask(geometryMask(mask, image.width, image.height, pre, g), g.width, g.height);
  return { focus: applyMode(original, m, focus), original };
}

function samePlane(data: Float32Array, plane: number, c: number): boolean {
  const o = c * plane;
  for (let i = 0; i < plane; i += 1) if (data[o + i] !== data[i]) return false;
  return true;
}

/** The three pixel-wise modes on planes in [0, 1] with soft mask m. */
export function applyMode(x: RgbPlanes, m: Float32Array, focus: Exclude<FocusMode, 'crop'>): RgbPlanes {
  const plane = x.width * x.height;
  const out = new Float32Array(plane * 3);
  let blurred: Float32Array = new Float32Array(0);
  for (let c = 0; c < 3; c += 1) {
    const o = c * plane;
    if (focus === 'overlay') {
      const colour = OVERLAY_COLOUR[c]!;
      for (let i = 0; i < plane; i += 1) {
        const a = OVERLAY_ALPHA * m[i]!;
        out[o + i] = (1 - a) * x.data[o + i]! + a * colour;
      }
    } else if (focus === 'dim-outside') {
      for (let i = 0; i < plane; i += 1) out[o + i] = m[i]! * x.data[o + i]! + (1 - m[i]!) * DIM_OUTSIDE * x.data[o + i]!;
    } else {
      // Grey images have three equal planes: blur once (the wide kernel is most of this mode's cost).
      if (c === 0 || !samePlane(x.data, plane, c)) blurred = gaussianBlur(x.data.subarray(o, o + plane), x.width, x.height, BLUR_FRACTION * Math.min(x.width, x.height));
      for (let i = 0; i < plane; i += 1) out[o + i] = m[i]! * x.data[o + i]! + (1 - m[i]!) * blurred[i]!;
    }
  }
  return { width: x.width, height: x.height, data: out };
}
