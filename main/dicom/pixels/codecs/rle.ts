// RLE Lossless (PS3.5 Annex G): a 64-byte header (segment count, then up to 15 segment offsets, all
// 32-bit little endian), then one PackBits segment per byte of each sample, most significant byte
// first. Decoded, each segment is one byte plane of Rows×Columns bytes; the planes are laid out as the
// data set's PlanarConfiguration says, as DCMTK's dcmdrle writes them.
import { DecodeError } from '../decode-error';
import { TransferSyntax } from '../transfer-syntaxes';
import type { Codec, CodecInput, NativeFrame } from './types';

const HEADER_BYTES = 64;

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000;
}

/** Decodes one PackBits segment into `out` (length = bytes expected); returns bytes written. */
export function unpackBits(source: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let i = start;
  let o = 0;
  const limit = out.length;
  while (i < end && o < limit) {
    const n = source[i]!;
    i += 1;
    if (n < 0x80) {
      // Literal run of n + 1 bytes.
      const count = Math.min(n + 1, end - i, limit - o);
      out.set(source.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 0x80) {
      // Replicate the next byte 257 - n times (-n + 1 for n as a signed byte).
      const count = Math.min(257 - n, limit - o);
      if (i >= end) break;
      out.fill(source[i]!, o, o + count);
      i += 1;
      o += count;
    }
    // n === 0x80 (-128) is a no-op.
  }
  return o;
}

export interface RleLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Bytes per sample (BitsAllocated / 8, rounded up); 1-bit data is one packed-byte segment. */
  bytesPerSample: number;
  planarConfiguration: 0 | 1;
  /** Bytes in each decoded segment (Rows×Columns, or the packed size for 1-bit data). */
  segmentBytes: number;
}

export function decodeRleFrame(data: Uint8Array, layout: RleLayout): Uint8Array {
  if (data.length < HEADER_BYTES) throw new DecodeError('corrupt', `An RLE frame is ${data.length} bytes, shorter than its 64-byte header.`);
  const segments = readU32(data, 0);
  const expected = layout.samplesPerPixel * layout.bytesPerSample;
  if (segments !== expected) {
    throw new DecodeError('corrupt', `The RLE header lists ${segments} segments; ${layout.samplesPerPixel} sample(s) of ${layout.bytesPerSample} byte(s) need ${expected}.`);
  }
  const offsets: number[] = [];
  for (let s = 0; s < segments; s += 1) offsets.push(readU32(data, 4 + s * 4));
  const plane = layout.segmentBytes;
  const { samplesPerPixel: spp, bytesPerSample: bps } = layout;
  const out = new Uint8Array(plane * spp * bps);
  const scratch = new Uint8Array(plane);
  for (let s = 0; s < segments; s += 1) {
    const start = offsets[s]!;
    const end = s + 1 < segments ? offsets[s + 1]! : data.length;
    if (start < HEADER_BYTES || start > data.length || end < start) {
      throw new DecodeError('corrupt', `RLE segment ${s + 1} has an offset (${start}) outside the frame (${data.length} bytes).`);
    }
    // A short segment leaves the rest of its plane zero, as DCMTK does.
    const written = unpackBits(data, start, Math.min(end, data.length), scratch);
    if (written < plane) scratch.fill(0, written);
    const sample = Math.floor(s / bps);
    // Segment 0 of a sample is its most significant byte, which comes last in little endian.
    const byteInSample = bps - 1 - (s % bps);
    if (layout.planarConfiguration === 1) {
      const base = sample * plane * bps;
      if (bps === 1) out.set(scratch, base);
      else for (let p = 0; p < plane; p += 1) out[base + p * bps + byteInSample] = scratch[p]!;
    } else {
      const stride = spp * bps;
      const offset = sample * bps + byteInSample;
      for (let p = 0; p < plane; p += 1) out[p * stride + offset] = scratch[p]!;
    }
  }
  return out;
}

export const rleCodec: Codec = {
  name: 'RLE Lossless (MaskCue PackBits)',
  transferSyntaxes: [TransferSyntax.RLELossless],
  encapsulated: true,
  frameStart: null,
  async decode({ data, info }: CodecInput): Promise<NativeFrame> {
    const oneBit = info.bitsAllocated === 1;
    const pixels = info.rows * info.columns;
    const bytes = decodeRleFrame(data, {
      rows: info.rows,
      columns: info.columns,
      samplesPerPixel: info.samplesPerPixel,
      bytesPerSample: oneBit ? 1 : info.bitsAllocated / 8,
      planarConfiguration: info.planarConfiguration,
      segmentBytes: oneBit ? Math.ceil(pixels / 8) : pixels,
    });
    return {
      bytes,
      photometricInterpretation: info.photometricInterpretation,
      planarConfiguration: info.samplesPerPixel === 1 ? 0 : info.planarConfiguration,
      bitsAllocated: info.bitsAllocated,
    };
  },
};
