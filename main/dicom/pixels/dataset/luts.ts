// Lookup tables: modality and VOI LUT sequences, palette colour LUTs (plain and segmented).
// LUT Descriptor (PS3.3 C.11.1.1): entries (0 means 65536), first stored value mapped (signed when
// the input is), bits per entry. LUT Data comes as 16-bit words, or one byte per entry for some
// 8-bit tables; both are accepted, by length. Implicit VR hides whether the descriptor is US or SS, so
// the caller says whether the input values can be negative.
import type { DataSet } from 'dicom-parser';
import type { LutDescriptor } from '../../../../common/dicom';
import { DecodeError } from '../decode-error';
import { text } from './attributes';

function descriptor(ds: DataSet, tag: string, signedInput: boolean): { entries: number; first: number; bits: number } | null {
  const element = ds.elements[tag];
  if (!element || element.length < 6) return null;
  const entriesRaw = ds.uint16(tag, 0) ?? 0;
  const firstRaw = ds.uint16(tag, 1) ?? 0;
  const bits = ds.uint16(tag, 2) ?? 16;
  const signed = element.vr === 'SS' || (element.vr !== 'US' && signedInput);
  return {
    entries: entriesRaw === 0 ? 65536 : entriesRaw,
    first: signed && firstRaw >= 0x8000 ? firstRaw - 0x10000 : firstRaw,
    bits,
  };
}

/** LUT Data as 16-bit entries, from words or from bytes. */
function lutData(ds: DataSet, tag: string, entries: number): Uint16Array | null {
  const element = ds.elements[tag];
  if (!element || element.length === 0) return null;
  const out = new Uint16Array(entries);
  const read = ds.byteArrayParser.readUint16;
  if (element.length >= entries * 2) {
    for (let i = 0; i < entries; i += 1) out[i] = read(ds.byteArray, element.dataOffset + i * 2);
    return out;
  }
  if (element.length >= entries) {
    for (let i = 0; i < entries; i += 1) out[i] = ds.byteArray[element.dataOffset + i]!;
    return out;
  }
  return null;
}

function widthOf(data: Uint16Array, declaredBits: number): number {
  let max = 0;
  for (let i = 0; i < data.length; i += 1) if (data[i]! > max) max = data[i]!;
  return max >= 2 ** declaredBits ? 16 : declaredBits;
}

/** A modality or VOI LUT from one item of its sequence. */
export function readLutItem(item: DataSet, signedInput: boolean): LutDescriptor | null {
  const d = descriptor(item, 'x00283002', signedInput);
  if (!d) return null;
  const data = lutData(item, 'x00283006', d.entries);
  if (!data) return null;
  return { firstValueMapped: d.first, bitsPerEntry: widthOf(data, d.bits), data, explanation: text(item, 'x00283003')?.trim() ?? '' };
}

export interface PaletteLuts {
  red: LutDescriptor;
  green: LutDescriptor;
  blue: LutDescriptor;
}

/** PS3.3 C.7.9.2: discrete (0), linear (1) and indirect (2) segments, expanded to `entries` values. */
export function expandSegmentedLut(words: Uint16Array, entries: number): Uint16Array {
  const out: number[] = [];
  const walk = (start: number, end: number, depth: number) => {
    if (depth > 4) throw new DecodeError('corrupt', 'A segmented palette refers to itself too deeply.');
    let i = start;
    while (i + 1 < end && out.length < entries) {
      const opcode = words[i]!;
      const length = words[i + 1]!;
      i += 2;
      if (opcode === 0) {
        for (let k = 0; k < length && i < end; k += 1, i += 1) out.push(words[i]!);
      } else if (opcode === 1) {
        const y0 = out.length > 0 ? out[out.length - 1]! : 0;
        const y1 = words[i]!;
        i += 1;
        for (let k = 1; k <= length; k += 1) out.push(Math.round(y0 + ((y1 - y0) * k) / length));
      } else if (opcode === 2) {
        const offset = words[i]! + words[i + 1]! * 0x10000;
        i += 2;
        let at = offset;
        for (let s = 0; s < length && at + 1 < words.length; s += 1) {
          const segmentEnd = segmentLength(words, at);
          walk(at, at + segmentEnd, depth + 1);
          at += segmentEnd;
        }
      } else {
        throw new DecodeError('corrupt', `A segmented palette has an unknown segment type ${opcode}.`);
      }
    }
  };
  walk(0, words.length, 0);
  const lut = new Uint16Array(entries);
  for (let i = 0; i < entries; i += 1) lut[i] = out[Math.min(i, out.length - 1)] ?? 0;
  return lut;
}

function segmentLength(words: Uint16Array, at: number): number {
  const opcode = words[at]!;
  const length = words[at + 1]!;
  if (opcode === 0) return 2 + length;
  if (opcode === 1) return 3;
  return 4;
}

function paletteChannel(ds: DataSet, descriptorTag: string, dataTag: string, segmentedTag: string, signedInput: boolean): LutDescriptor | null {
  const d = descriptor(ds, descriptorTag, signedInput);
  if (!d) return null;
  let data = lutData(ds, dataTag, d.entries);
  const segmented = ds.elements[segmentedTag];
  if (!data && segmented && segmented.length >= 4) {
    const words = new Uint16Array(Math.floor(segmented.length / 2));
    for (let i = 0; i < words.length; i += 1) words[i] = ds.byteArrayParser.readUint16(ds.byteArray, segmented.dataOffset + i * 2);
    data = expandSegmentedLut(words, d.entries);
  }
  if (!data) return null;
  return { firstValueMapped: d.first, bitsPerEntry: d.bits === 8 || d.bits === 16 ? d.bits : widthOf(data, d.bits), data, explanation: '' };
}

export function readPalette(ds: DataSet, signedInput: boolean): PaletteLuts {
  const red = paletteChannel(ds, 'x00281101', 'x00281201', 'x00281221', signedInput);
  const green = paletteChannel(ds, 'x00281102', 'x00281202', 'x00281222', signedInput);
  const blue = paletteChannel(ds, 'x00281103', 'x00281203', 'x00281223', signedInput);
  if (!red || !green || !blue) {
    throw new DecodeError('corrupt', 'The image is PALETTE COLOR but its red, green and blue palette lookup tables are missing or incomplete.');
  }
  return { red, green, blue };
}
