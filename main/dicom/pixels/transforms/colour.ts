// Colour for display: whatever the file stored, the viewer and the models get interleaved 8-bit RGB.
// YBR_FULL uses the full-range ITU-R BT.601 equations of PS3.3 C.7.6.3.1.2 (as DCMTK and pydicom);
// YBR_PARTIAL_* the studio-range ones. 4:2:2 data (Y1 Y2 Cb Cr per pair of pixels) gets each pair's
// chroma repeated, as DCMTK does, not interpolated.
import { DecodeError } from '../decode-error';
import { planarToInterleaved } from './sample-layout';
import { storedValues, type StoredLayout } from './stored-values';

const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Samples as 8-bit values: wider samples keep their top 8 stored bits. */
export function toEightBit(bytes: Uint8Array, layout: StoredLayout): Uint8Array {
  if (layout.bitsAllocated === 8 && layout.bitsStored === 8 && layout.pixelRepresentation === 0) return bytes;
  const values = storedValues(bytes, layout);
  const out = new Uint8Array(values.length);
  const shift = Math.max(0, layout.bitsStored - 8);
  const offset = layout.pixelRepresentation === 1 ? 2 ** (layout.bitsStored - 1) : 0;
  for (let i = 0; i < values.length; i += 1) out[i] = Math.min(255, Math.max(0, (values[i]! + offset) >>> shift));
  return out;
}

/** In place: Y Cb Cr (full range) -> R G B, interleaved. */
export function ybrFullToRgb(ybr: Uint8Array): Uint8Array {
  for (let i = 0; i + 2 < ybr.length; i += 3) {
    const y = ybr[i]!;
    const cb = ybr[i + 1]! - 128;
    const cr = ybr[i + 2]! - 128;
    ybr[i] = clamp8(y + 1.402 * cr);
    ybr[i + 1] = clamp8(y - 0.344136 * cb - 0.714136 * cr);
    ybr[i + 2] = clamp8(y + 1.772 * cb);
  }
  return ybr;
}

/** In place: Y Cb Cr (studio range, Y 16-235, C 16-240) -> R G B, interleaved. */
export function ybrPartialToRgb(ybr: Uint8Array): Uint8Array {
  for (let i = 0; i + 2 < ybr.length; i += 3) {
    const y = 1.164384 * (ybr[i]! - 16);
    const cb = ybr[i + 1]! - 128;
    const cr = ybr[i + 2]! - 128;
    ybr[i] = clamp8(y + 1.596027 * cr);
    ybr[i + 1] = clamp8(y - 0.391762 * cb - 0.812968 * cr);
    ybr[i + 2] = clamp8(y + 2.017232 * cb);
  }
  return ybr;
}

/** Y1 Y2 Cb Cr per horizontal pair -> Y Cb Cr per pixel (interleaved). */
export function expand422(source: Uint8Array, rows: number, columns: number): Uint8Array {
  const out = new Uint8Array(rows * columns * 3);
  const pairs = Math.ceil(columns / 2);
  for (let r = 0; r < rows; r += 1) {
    for (let p = 0; p < pairs; p += 1) {
      const s = (r * pairs + p) * 4;
      const cb = source[s + 2]!;
      const cr = source[s + 3]!;
      const x = p * 2;
      const o = (r * columns + x) * 3;
      out[o] = source[s]!;
      out[o + 1] = cb;
      out[o + 2] = cr;
      if (x + 1 < columns) {
        out[o + 3] = source[s + 1]!;
        out[o + 4] = cb;
        out[o + 5] = cr;
      }
    }
  }
  return out;
}

export interface ColourFrame {
  bytes: Uint8Array;
  rows: number;
  columns: number;
  photometricInterpretation: string;
  planarConfiguration: 0 | 1;
  layout: StoredLayout;
}

/** Any 3-sample frame -> a new interleaved 8-bit RGB array. */
export function toRgb(frame: ColourFrame): Uint8Array {
  const { rows, columns, photometricInterpretation: pi } = frame;
  const pixels = rows * columns;
  if (pi === 'YBR_FULL_422' || pi === 'YBR_PARTIAL_422') {
    const ybr = expand422(toEightBit(frame.bytes, frame.layout), rows, columns);
    return pi === 'YBR_FULL_422' ? ybrFullToRgb(ybr) : ybrPartialToRgb(ybr);
  }
  let samples = toEightBit(frame.bytes, frame.layout);
  if (frame.planarConfiguration === 1) samples = planarToInterleaved(samples, pixels, 3, 1);
  else if (samples === frame.bytes) samples = new Uint8Array(samples.subarray(0, pixels * 3));
  switch (pi) {
    case 'RGB':
    case 'YBR_RCT':
    case 'YBR_ICT':
      // RCT/ICT only reach here already undone by the JPEG 2000 decoder.
      return samples;
    case 'YBR_FULL':
      return ybrFullToRgb(samples);
    case 'YBR_PARTIAL_420':
      return ybrPartialToRgb(samples);
    default:
      throw new DecodeError('unsupported', `PhotometricInterpretation ${pi} with 3 samples per pixel is not supported.`);
  }
}
