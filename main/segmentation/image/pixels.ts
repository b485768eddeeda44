// Small conversions between the image forms the engines take.

import type { SegmentImage } from '../types';

/** ITU-R BT.601 luma, the grey GrowCut competes on when it is given a colour image. */
export function toGrey(image: SegmentImage): Uint8Array {
  if (image.grey) return image.grey;
  const rgb = image.rgb!;
  const n = image.width * image.height;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i += 1, j += 3) {
    out[i] = (rgb[j]! * 299 + rgb[j + 1]! * 587 + rgb[j + 2]! * 114 + 500) / 1000;
  }
  return out;
}

/** True when an RGB image has R = G = B everywhere (ultrasound PNGs, windowed DICOM saved as RGB). */
export function isGreyRgb(rgb: Uint8Array): boolean {
  for (let i = 0; i < rgb.length; i += 3) {
    if (rgb[i] !== rgb[i + 1] || rgb[i] !== rgb[i + 2]) return false;
  }
  return true;
}
