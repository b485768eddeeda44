// Big endian to little endian. Always a copy: the source is usually the file's own buffer.

/** Reverses each `unit`-byte group (2, 4 or 8); a trailing partial group is copied as is. */
export function swapBytes(source: Uint8Array, unit: number): Uint8Array {
  const out = new Uint8Array(source.length);
  const whole = source.length - (source.length % unit);
  if (unit === 2) {
    for (let i = 0; i < whole; i += 2) {
      out[i] = source[i + 1]!;
      out[i + 1] = source[i]!;
    }
  } else {
    for (let i = 0; i < whole; i += unit) {
      for (let k = 0; k < unit; k += 1) out[i + k] = source[i + unit - 1 - k]!;
    }
  }
  out.set(source.subarray(whole), whole);
  return out;
}

/** Swap unit for a value representation in Explicit VR Big Endian (PS3.5 7.3). */
export function swapUnitForVr(vr: string | undefined, bitsAllocated: number): number {
  switch (vr) {
    case 'OB':
      return 1;
    case 'OW':
      return 2;
    case 'OL':
    case 'OF':
      return 4;
    case 'OD':
    case 'OV':
      return 8;
    default:
      return bitsAllocated <= 8 ? 1 : 2;
  }
}
