// Stored values from stored bits. Only BitsStored bits of each BitsAllocated-bit sample carry data, with
// HighBit the most significant of them; the others may hold anything (overlays, in old files). The
// value is those bits, shifted down, and sign-extended when PixelRepresentation is 1 (PS3.5 8.1.1).
import type { StoredPixels } from '../../../../common/dicom';

export interface StoredLayout {
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
}

/** Typed array for samples of this layout, viewing `bytes` (little endian; copied if misaligned). */
export function viewSamples(bytes: Uint8Array, bitsAllocated: number, signed: boolean): StoredPixels {
  const align = bitsAllocated / 8;
  const source = bytes.byteOffset % align === 0 ? bytes : new Uint8Array(bytes);
  const count = Math.floor(source.byteLength / align);
  if (bitsAllocated === 8) return signed ? new Int8Array(source.buffer, source.byteOffset, count) : new Uint8Array(source.buffer, source.byteOffset, count);
  if (bitsAllocated === 16) return signed ? new Int16Array(source.buffer, source.byteOffset, count) : new Uint16Array(source.buffer, source.byteOffset, count);
  return signed ? new Int32Array(source.buffer, source.byteOffset, count) : new Uint32Array(source.buffer, source.byteOffset, count);
}

/**
 * A new array of stored values: masked to BitsStored, shifted down from HighBit, sign-extended if
 * signed. The common case (all bits used, or the unused bits already clear in unsigned data) is a
 * plain copy.
 */
export function storedValues(bytes: Uint8Array, layout: StoredLayout): StoredPixels {
  const { bitsAllocated, bitsStored, highBit } = layout;
  const signed = layout.pixelRepresentation === 1;
  const raw = viewSamples(bytes, bitsAllocated, false);
  const out = viewSamples(new Uint8Array(raw.length * (bitsAllocated / 8)), bitsAllocated, signed);
  const shift = highBit + 1 - bitsStored;
  if (bitsStored === bitsAllocated && shift === 0) {
    out.set(signed ? viewSamples(bytes, bitsAllocated, true) : raw);
    return out;
  }
  // Arithmetic in 32-bit integers: (v << up) >> down keeps BitsStored bits and extends the sign.
  const up = 32 - highBit - 1;
  const down = 32 - bitsStored;
  const n = raw.length;
  if (signed) {
    for (let i = 0; i < n; i += 1) out[i] = (raw[i]! << up) >> down;
  } else {
    for (let i = 0; i < n; i += 1) out[i] = (raw[i]! << up) >>> down;
  }
  return out;
}

export function minMax(values: ArrayLike<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 0 };
  return { min, max };
}
