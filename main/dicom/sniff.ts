// What a file is, from its first bytes: a DICOM Part 10 file ("DICM" after a 128-byte preamble), a
// bare data set without that header (old archives and some modalities write these), gzip, or
// something else. Bare data sets are recognised only when their first two elements look like DICOM,
// so a text file or a JPEG is never mistaken for one.
import { TransferSyntax } from '../../common/dicom/uids';

export type FileKind =
  | { kind: 'part10' }
  | { kind: 'bare'; transferSyntaxUID: string }
  /** A meta header (group 0002) at byte 0, without the preamble and "DICM" (some JPEG-LS test files). */
  | { kind: 'meta-without-preamble' }
  | { kind: 'gzip' }
  /** A bare data set that starts a few bytes in: stray bytes in front (a damaged export or copy). */
  | { kind: 'misaligned'; offset: number }
  | { kind: 'not-dicom' };

/** Bytes the sniffer needs; read at least this many (fewer only when the file is shorter). */
export const SNIFF_BYTES = 512;

const VRS = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN', 'SH',
  'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]);
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'UV']);

export function sniff(head: Uint8Array, fileSize: number): FileKind {
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) {
    return { kind: 'part10' };
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  if (head.length >= 8 && head[0] === 0x02 && head[1] === 0x00 && vrAt(head, 4) && plausible(head, littleEndian(head), true, fileSize, 0x0002)) {
    return { kind: 'meta-without-preamble' };
  }
  const bare = bareTransferSyntax(head, fileSize);
  if (bare) return { kind: 'bare', transferSyntaxUID: bare };
  // Only to say what is wrong: such a file is refused, since no other reader would open it either.
  for (let offset = 1; offset <= MAX_STRAY_BYTES; offset++) {
    if (bareTransferSyntax(head.subarray(offset), fileSize - offset)) return { kind: 'misaligned', offset };
  }
  return { kind: 'not-dicom' };
}

const MAX_STRAY_BYTES = 8;

interface Reader {
  u16(at: number): number;
  u32(at: number): number;
}

const littleEndian = (bytes: Uint8Array): Reader => ({
  u16: (at) => bytes[at]! | (bytes[at + 1]! << 8),
  u32: (at) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000,
});

const bigEndian = (bytes: Uint8Array): Reader => ({
  u16: (at) => (bytes[at]! << 8) | bytes[at + 1]!,
  u32: (at) => bytes[at]! * 0x1000000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!),
});

function vrAt(bytes: Uint8Array, at: number): string | null {
  if (at + 2 > bytes.length) return null;
  const vr = String.fromCharCode(bytes[at]!, bytes[at + 1]!);
  return VRS.has(vr) ? vr : null;
}

/**
 * Reads two elements from byte 0 under each encoding and accepts the first that yields plausible
 * tags: group 0008 first (every data set starts with its Identifying group, or with a group
 * length), ascending tags, lengths that fit in the file.
 */
function bareTransferSyntax(bytes: Uint8Array, fileSize: number): string | null {
  if (bytes.length < 16) return null;
  const candidates: Array<[string, Reader, boolean]> = [
    [TransferSyntax.ExplicitVRLittleEndian, littleEndian(bytes), true],
    [TransferSyntax.ExplicitVRBigEndian, bigEndian(bytes), true],
    [TransferSyntax.ImplicitVRLittleEndian, littleEndian(bytes), false],
  ];
  for (const [uid, read, explicit] of candidates) {
    if (plausible(bytes, read, explicit, fileSize)) return uid;
  }
  return null;
}

function plausible(bytes: Uint8Array, read: Reader, explicit: boolean, fileSize: number, firstGroup = 0x0008): boolean {
  let at = 0;
  let previous = -1;
  for (let n = 0; n < 2; n++) {
    if (at + 8 > bytes.length) return n > 0 && at <= fileSize;
    const group = read.u16(at);
    const element = read.u16(at + 2);
    const tag = group * 0x10000 + element;
    if (n === 0 && group !== firstGroup) return false;
    if (tag <= previous || group % 2 === 1) return false;
    previous = tag;
    let valueLength: number;
    let headerLength: number;
    if (explicit) {
      const vr = vrAt(bytes, at + 4);
      if (!vr) return false;
      if (LONG_VRS.has(vr)) {
        if (at + 12 > bytes.length) return false;
        valueLength = read.u32(at + 8);
        headerLength = 12;
      } else {
        valueLength = read.u16(at + 6);
        headerLength = 8;
      }
    } else {
      // Implicit VR: if bytes 4-5 spell a VR, this is explicit data and the other readers apply.
      if (vrAt(bytes, at + 4)) return false;
      valueLength = read.u32(at + 4);
      headerLength = 8;
    }
    if (valueLength === 0xffffffff) return true; // A sequence of undefined length: cannot skip, accept.
    at += headerLength + valueLength;
    if (at > fileSize) return false;
  }
  return true;
}
