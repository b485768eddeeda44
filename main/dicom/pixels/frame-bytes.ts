// Where frame N's bytes are in Pixel Data.
// Native: frames lie end to end; with BitsAllocated 1 a frame need not start on a byte boundary, so
// it is copied out bit by bit. Encapsulated (PS3.5 A.4): an Extended Offset Table, else the Basic
// Offset Table, else, with no table, one fragment per frame when the counts match, or frame starts
// found by their codestream markers (JPEG SOI, J2K SOC, JP2 signature).
import type { DataSet, Element, Fragment } from 'dicom-parser';
import { ul } from './dataset/attributes';
import { nativeFrameBits, type ImageInfo } from './dataset/image-info';
import { DecodeError } from './decode-error';
import { swapBytes } from './transforms/byte-order';

export function nativeFrameByteLength(info: ImageInfo): number {
  return Math.ceil(nativeFrameBits(info) / 8);
}

function checkFrameIndex(info: ImageInfo, frame: number): void {
  if (!Number.isInteger(frame) || frame < 0 || frame >= info.numberOfFrames) {
    throw new DecodeError('not-found', `Frame ${frame} does not exist: the image has ${info.numberOfFrames} frame${info.numberOfFrames === 1 ? '' : 's'} (0 to ${info.numberOfFrames - 1}).`);
  }
}

/**
 * One native frame's bytes, little endian. Big endian data is swapped in units of `swapUnit` bytes
 * (2 for OW, as DCMTK and GDCM do whatever BitsAllocated says), counted from the start of Pixel
 * Data; 1-bit frames are realigned to bit 0. A view into `bytes` when nothing had to change.
 */
export function nativeFrame(bytes: Uint8Array, info: ImageInfo, frame: number, swapUnit = 1): Uint8Array {
  checkFrameIndex(info, frame);
  const element = info.pixelData;
  const frameBits = nativeFrameBits(info);
  const startBit = frameBits * frame;
  const endBit = startBit + frameBits;
  const available = Math.min(element.length, bytes.length - element.dataOffset);
  const startByte = Math.floor(startBit / 8);
  const endByte = Math.ceil(endBit / 8);
  if (endByte > available) {
    throw new DecodeError(
      'corrupt',
      `Pixel Data holds ${available} bytes but frame ${frame} needs bytes up to ${endByte} (${info.numberOfFrames} frame${info.numberOfFrames === 1 ? '' : 's'} of ${info.rows}×${info.columns}): the pixel data is truncated.`,
    );
  }
  let region = bytes.subarray(element.dataOffset, element.dataOffset + available);
  let regionStart = 0;
  if (swapUnit > 1) {
    regionStart = Math.floor(startByte / swapUnit) * swapUnit;
    const regionEnd = Math.min(Math.ceil(endByte / swapUnit) * swapUnit, available);
    region = swapBytes(region.subarray(regionStart, regionEnd), swapUnit);
  }
  if (startBit % 8 === 0) return region.subarray(startByte - regionStart, endByte - regionStart);
  return copyBits(region, startBit - regionStart * 8, frameBits);
}

/** Copies `count` bits starting at bit `fromBit` (LSB-first within each byte, as DICOM packs 1-bit data). */
export function copyBits(bytes: Uint8Array, fromBit: number, count: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(count / 8));
  const shift = fromBit % 8;
  let source = Math.floor(fromBit / 8);
  for (let i = 0; i < out.length; i += 1, source += 1) {
    const low = bytes[source]! >>> shift;
    const high = shift === 0 ? 0 : ((bytes[source + 1] ?? 0) << (8 - shift)) & 0xff;
    out[i] = (low | high) & 0xff;
  }
  const tailBits = count % 8;
  if (tailBits !== 0) out[out.length - 1]! &= (1 << tailBits) - 1;
  return out;
}

export type FrameStartMarker = 'jpeg' | 'j2k' | null;

function startsWith(bytes: Uint8Array, at: number, signature: readonly number[]): boolean {
  for (let i = 0; i < signature.length; i += 1) if (bytes[at + i] !== signature[i]) return false;
  return true;
}

function isFrameStart(bytes: Uint8Array, fragment: Fragment, marker: FrameStartMarker): boolean {
  const at = fragment.position;
  if (marker === 'jpeg') return startsWith(bytes, at, [0xff, 0xd8]);
  if (marker === 'j2k') {
    return startsWith(bytes, at, [0xff, 0x4f, 0xff, 0x51]) || startsWith(bytes, at, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]);
  }
  return false;
}

function concat(bytes: Uint8Array, fragments: readonly Fragment[]): Uint8Array {
  if (fragments.length === 1) {
    const only = fragments[0]!;
    return bytes.subarray(only.position, only.position + only.length);
  }
  const total = fragments.reduce((sum, f) => sum + f.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of fragments) {
    out.set(bytes.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  return out;
}

/** Extended Offset Table (7FE0,0001) and lengths (7FE0,0002): 64-bit values, one per frame. */
function extendedOffsets(ds: DataSet, frames: number): { offsets: number[]; lengths: number[] } | null {
  const table = ds.elements['x7fe00001'];
  const lengths = ds.elements['x7fe00002'];
  if (!table || !lengths || table.length !== frames * 8 || lengths.length !== frames * 8) return null;
  const read = (tag: string, i: number) => {
    const low = ul(ds, tag, i * 2) ?? 0;
    const high = ul(ds, tag, i * 2 + 1) ?? 0;
    return high * 2 ** 32 + low;
  };
  const offsets: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < frames; i += 1) {
    offsets.push(read('x7fe00001', i));
    sizes.push(read('x7fe00002', i));
  }
  return { offsets, lengths: sizes };
}

function fragmentsOf(element: Element): Fragment[] {
  if (!element.encapsulatedPixelData || !element.fragments) {
    throw new DecodeError('corrupt', 'The transfer syntax says the pixel data is compressed, but Pixel Data is not encapsulated in fragments.');
  }
  return element.fragments;
}

/** Fragments of each frame, by the first rule that applies. */
export function frameFragments(ds: DataSet, info: ImageInfo, marker: FrameStartMarker, bytes: Uint8Array): Fragment[][] {
  const fragments = fragmentsOf(info.pixelData);
  const frames = info.numberOfFrames;
  if (fragments.length === 0) throw new DecodeError('corrupt', 'Pixel Data is encapsulated but holds no fragments.');

  const extended = extendedOffsets(ds, frames);
  if (extended) {
    return extended.offsets.map((offset, i) => {
      const start = fragments.findIndex((f) => f.offset === offset);
      if (start < 0) throw new DecodeError('corrupt', `The Extended Offset Table points frame ${i} at offset ${offset}, where no fragment starts.`);
      const first = fragments[start]!;
      const length = extended.lengths[i]!;
      return [{ offset: first.offset, position: first.position, length: Math.min(length, bytes.length - first.position) }];
    });
  }

  const bot = info.pixelData.basicOffsetTable ?? [];
  if (bot.length === frames && frames > 0) {
    return bot.map((start, i) => {
      const end = i + 1 < bot.length ? bot[i + 1]! : Number.POSITIVE_INFINITY;
      const own = fragments.filter((f) => f.offset >= start && f.offset < end);
      if (own.length === 0) throw new DecodeError('corrupt', `The Basic Offset Table points frame ${i} at offset ${start}, where no fragment starts.`);
      return own;
    });
  }

  if (frames === 1) return [fragments];
  if (fragments.length === frames) return fragments.map((f) => [f]);

  if (marker) {
    const groups: Fragment[][] = [];
    for (const f of fragments) {
      if (groups.length === 0 || isFrameStart(bytes, f, marker)) groups.push([f]);
      else groups[groups.length - 1]!.push(f);
    }
    if (groups.length === frames) return groups;
    throw new DecodeError('corrupt', `Found ${groups.length} frame starts in ${fragments.length} fragments, but the image claims ${frames} frames (and has no offset table).`);
  }
  throw new DecodeError('corrupt', `Cannot tell which of ${fragments.length} fragments belong to which of ${frames} frames: no offset table.`);
}

/** The compressed bytes of one frame (fragments joined). */
export function encapsulatedFrame(ds: DataSet, info: ImageInfo, frame: number, marker: FrameStartMarker, bytes: Uint8Array): Uint8Array {
  checkFrameIndex(info, frame);
  const all = frameFragments(ds, info, marker, bytes);
  const own = all[frame];
  if (!own) throw new DecodeError('not-found', `Frame ${frame} has no fragments.`);
  return concat(bytes, own);
}
