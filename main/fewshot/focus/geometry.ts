// One geometry for image and mask: CLIP's resize (shortest side → size, or an exact size) and centre
// crop, read from ClipPreprocess. The image goes through Pillow's 8-bit resampling (the bytes HF's
// CLIPImageProcessor produces); the mask, as a float plane, through Pillow's bilinear with the same
// pixel-centre mapping, so a mask pixel lands where its image pixel lands.
// The crop follows HF's center_crop: top = (H − h) // 2, left = (W − w) // 2 (torchvision's CenterCrop
// rounds instead and can differ by one pixel); where the crop is larger than the image, zeros.

import { MaskcueError } from '../../../common/api';
import type { SegmentImage } from '../../segmentation/types';
import { outputSize, type ClipPreprocess } from './preprocess-config';
import { resizeBytes, resizeFloat } from './resample';

export interface Geometry {
  resizedWidth: number;
  resizedHeight: number;
  /** Where the crop starts in the resized image (negative: zero padding). */
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Planar RGB in [0, 1], 3 × height × width. */
export interface RgbPlanes {
  width: number;
  height: number;
  data: Float32Array;
}

export function checkMaskedImage(image: SegmentImage, mask: Uint8Array, index = 0): void {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new MaskcueError('INVALID_ARGUMENT', `Image ${index}: the width and height must be positive whole numbers (got ${width} × ${height}).`);
  }
  const pixels = width * height;
  if (image.grey ? image.grey.length !== pixels : !image.rgb || image.rgb.length !== pixels * 3) {
    throw new MaskcueError('INVALID_ARGUMENT', `Image ${index}: give ${pixels} grey bytes or ${pixels * 3} RGB bytes for ${width} × ${height}.`);
  }
  if (mask.length !== pixels) {
    throw new MaskcueError('INVALID_ARGUMENT', `Image ${index}: the mask has ${mask.length} bytes, the ${width} × ${height} image needs ${pixels}.`);
  }
}

export function geometryFor(width: number, height: number, pre: ClipPreprocess): Geometry {
  let rw: number;
  let rh: number;
  if (pre.resize.kind === 'exact') {
    rw = pre.resize.width;
    rh = pre.resize.height;
  } else {
    const s = pre.resize.size;
    // HF get_resize_output_image_size(default_to_square=False): the long side is int(s · long / short).
    if (width <= height) {
      rw = s;
      rh = Math.max(1, Math.trunc((s * height) / width));
    } else {
      rh = s;
      rw = Math.max(1, Math.trunc((s * width) / height));
    }
  }
  const out = outputSize(pre);
  const left = pre.crop ? Math.floor((rw - out.width) / 2) : 0;
  const top = pre.crop ? Math.floor((rh - out.height) / 2) : 0;
  return { resizedWidth: rw, resizedHeight: rh, left, top, width: out.width, height: out.height };
}

function cropPlane<T extends Uint8Array | Float32Array>(src: T, g: Geometry, out: T, outOffset: number): void {
  for (let y = 0; y < g.height; y += 1) {
    const sy = y + g.top;
    if (sy < 0 || sy >= g.resizedHeight) continue;
    for (let x = 0; x < g.width; x += 1) {
      const sx = x + g.left;
      if (sx < 0 || sx >= g.resizedWidth) continue;
      out[outOffset + y * g.width + x] = src[sy * g.resizedWidth + sx]!;
    }
  }
}

function channel(image: SegmentImage, c: number): Uint8Array {
  if (image.grey) return image.grey;
  const rgb = image.rgb!;
  const n = image.width * image.height;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) out[i] = rgb[i * 3 + c]!;
  return out;
}

/** The image through the geometry: 8-bit resampled as Pillow does, then /255. Grey → R = G = B. */
export function geometryImage(image: SegmentImage, pre: ClipPreprocess, g = geometryFor(image.width, image.height, pre)): RgbPlanes {
  const plane = g.width * g.height;
  const bytes = new Uint8Array(plane * 3);
  const channels = image.grey ? 1 : 3;
  for (let c = 0; c < channels; c += 1) {
    const resized = resizeBytes(channel(image, c), image.width, image.height, g.resizedWidth, g.resizedHeight, pre.resample);
    cropPlane(resized, g, bytes, c * plane);
  }
  if (channels === 1) {
    bytes.copyWithin(plane, 0, plane);
    bytes.copyWithin(2 * plane, 0, plane);
  }
  const data = new Float32Array(plane * 3);
  for (let i = 0; i < data.length; i += 1) data[i] = bytes[i]! / 255;
  return { width: g.width, height: g.height, data };
}

/** The 0/1 mask through the same geometry, resized bilinearly as a float plane: values in [0, 1]. */
export function geometryMask(mask: Uint8Array, width: number, height: number, pre: ClipPreprocess, g = geometryFor(width, height, pre)): Float32Array {
  const src = new Float32Array(width * height);
  for (let i = 0; i < src.length; i += 1) src[i] = mask[i] ? 1 : 0;
  const resized = resizeFloat(src, width, height, g.resizedWidth, g.resizedHeight, 'bilinear');
  const out = new Float32Array(g.width * g.height);
  cropPlane(resized, g, out, 0);
  for (let i = 0; i < out.length; i += 1) out[i] = Math.min(1, Math.max(0, out[i]!));
  return out;
}

/** A rectangle of the image as an image of its own (for the crop focus mode). */
export function subImage(image: SegmentImage, x: number, y: number, w: number, h: number): SegmentImage {
  const channels = image.grey ? 1 : 3;
  const src = image.grey ?? image.rgb!;
  const out = new Uint8Array(w * h * channels);
  for (let row = 0; row < h; row += 1) {
    const from = ((y + row) * image.width + x) * channels;
    out.set(src.subarray(from, from + w * channels), row * w * channels);
  }
  return channels === 1 ? { width: w, height: h, grey: out } : { width: w, height: h, rgb: out };
}
