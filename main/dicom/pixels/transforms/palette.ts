// PALETTE COLOR -> interleaved 8-bit RGB. Indices below the first mapped value take the first entry,
// above the table the last (PS3.3 C.7.6.3.1.5). 16-bit entries keep their high byte, except in
// tables whose entries all fit in 8 bits: those are 8-bit tables mislabelled as 16 (seen in the wild),
// and shifting them would give a black image.
import type { LutDescriptor, StoredPixels } from '../../../../common/dicom';
import type { PaletteLuts } from '../dataset/luts';

function toEightBitTable(lut: LutDescriptor): Uint8Array {
  let max = 0;
  for (let i = 0; i < lut.data.length; i += 1) if (lut.data[i]! > max) max = lut.data[i]!;
  const shift = lut.bitsPerEntry > 8 && max > 255 ? lut.bitsPerEntry - 8 : 0;
  const table = new Uint8Array(lut.data.length);
  for (let i = 0; i < table.length; i += 1) table[i] = Math.min(255, lut.data[i]! >> shift);
  return table;
}

export function paletteToRgb(indices: StoredPixels, palette: PaletteLuts): Uint8Array {
  const luts = [palette.red, palette.green, palette.blue];
  // One table of RGB triplets indexed from the lowest first-mapped value, so the pixel loop does one
  // clamp and three reads.
  const low = Math.min(...luts.map((l) => l.firstValueMapped));
  const high = Math.max(...luts.map((l) => l.firstValueMapped + l.data.length - 1));
  const span = high - low + 1;
  const table = new Uint8Array(span * 3);
  luts.forEach((lut, c) => {
    const eight = toEightBitTable(lut);
    const last = eight.length - 1;
    for (let v = 0; v < span; v += 1) {
      const k = Math.min(last, Math.max(0, v + low - lut.firstValueMapped));
      table[v * 3 + c] = eight[k]!;
    }
  });
  const out = new Uint8Array(indices.length * 3);
  const lastEntry = span - 1;
  for (let i = 0, o = 0; i < indices.length; i += 1, o += 3) {
    let k = indices[i]! - low;
    if (k < 0) k = 0;
    else if (k > lastEntry) k = lastEntry;
    const t = k * 3;
    out[o] = table[t]!;
    out[o + 1] = table[t + 1]!;
    out[o + 2] = table[t + 2]!;
  }
  return out;
}
