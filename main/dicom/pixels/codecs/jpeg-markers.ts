// Reads a JPEG stream's header markers (SOI to SOS) without decoding: the frame type and precision
// decide which decoder can take it, and the JFIF/Adobe markers decide whether a JPEG library will
// convert colour. Also rewrites those markers so a library converts exactly when DICOM says so.
import { DecodeError } from '../decode-error';

export interface JpegComponent {
  id: number;
  h: number;
  v: number;
}

export interface JpegHeader {
  /** The SOF marker's second byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless... */
  sof: number;
  precision: number;
  rows: number;
  columns: number;
  components: JpegComponent[];
  /** Offset of the 'J' of an APP0 "JFIF\0" identifier, or -1. */
  jfifAt: number;
  /** Offset of the transform byte of an APP14 "Adobe" marker, or -1. */
  adobeTransformAt: number;
}

const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9]);

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

export function readJpegHeader(data: Uint8Array): JpegHeader {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new DecodeError('corrupt', 'A JPEG frame does not start with an SOI marker (FFD8).');
  const header: JpegHeader = { sof: -1, precision: 0, rows: 0, columns: 0, components: [], jfifAt: -1, adobeTransformAt: -1 };
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) throw new DecodeError('corrupt', `A JPEG frame has no marker where one should be (offset ${at}).`);
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (STANDALONE.has(marker)) {
      at += 2;
      continue;
    }
    const length = (data[at + 2]! << 8) | data[at + 3]!;
    const body = at + 4;
    if (marker === 0xda) break; // SOS: the entropy-coded data follows
    if (marker === 0xe0 && length >= 7 && ascii(data, body, 'JFIF\0')) header.jfifAt = body;
    if (marker === 0xee && length >= 14 && ascii(data, body, 'Adobe')) header.adobeTransformAt = body + 11;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && header.sof < 0) {
      header.sof = marker;
      header.precision = data[body]!;
      header.rows = (data[body + 1]! << 8) | data[body + 2]!;
      header.columns = (data[body + 3]! << 8) | data[body + 4]!;
      const count = data[body + 5]!;
      for (let c = 0; c < count; c += 1) {
        const base = body + 6 + c * 3;
        header.components.push({ id: data[base]!, h: data[base + 1]! >> 4, v: data[base + 1]! & 0x0f });
      }
    }
    at += 2 + length;
  }
  if (header.sof < 0) throw new DecodeError('corrupt', 'A JPEG frame has no frame header (SOF marker).');
  return header;
}

/** How libjpeg (IJG and libjpeg-turbo alike) guesses the colour space of a 3-component stream. */
export function libjpegGuessesYcbcr(data: Uint8Array, header: JpegHeader): boolean {
  if (header.jfifAt >= 0) return true;
  if (header.adobeTransformAt >= 0) return data[header.adobeTransformAt] !== 0;
  const [a, b, c] = header.components;
  if (a?.id === 0x52 && b?.id === 0x47 && c?.id === 0x42) return false; // 'R' 'G' 'B'
  return true;
}

/**
 * A copy of `data` that libjpeg will decode as YCbCr (`ycbcr` true: converted to RGB) or as RGB (no
 * conversion): the JFIF identifier is defaced and an Adobe marker with the wanted transform is set or
 * inserted after SOI. DCMTK decides from the DICOM PhotometricInterpretation, not from the markers;
 * this makes libjpeg-turbo decide the same way.
 */
export function withColourTransform(data: Uint8Array, header: JpegHeader, ycbcr: boolean): Uint8Array {
  const transform = ycbcr ? 1 : 0;
  if (header.jfifAt < 0 && header.adobeTransformAt >= 0) {
    const copy = new Uint8Array(data);
    copy[header.adobeTransformAt] = transform;
    return copy;
  }
  const adobe = Uint8Array.of(0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, transform);
  const copy = new Uint8Array(data.length + adobe.length);
  copy.set(data.subarray(0, 2), 0);
  copy.set(adobe, 2);
  copy.set(data.subarray(2), 2 + adobe.length);
  const shift = adobe.length;
  if (header.jfifAt >= 0) copy[header.jfifAt + shift] = 0x58; // 'JFIF' -> 'XFIF': no longer a JFIF marker
  if (header.adobeTransformAt >= 0) copy[header.adobeTransformAt + shift] = transform;
  return copy;
}
