// PNG in and out with node:zlib, no dependency. Reading covers the whole PNG 1.2 image model (grey,
// RGB, palette, with alpha; 1/2/4/8/16 bits; Adam7 interlacing), down to 8-bit grey or RGB, since
// users feed screenshots, exported slices and dataset masks (BUSI's masks are 1-bit grey). Writing is
// 8-bit grey (masks as 0/255, previews) or 8-bit RGB. Alpha is dropped (composited on nothing): a segmentation
// input has no transparency. CRCs are checked, so a truncated or damaged file is an error, not noise.
// RGB writing (encodePngRgb) serves the report snapshots: key images with coloured overlays.

import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { MaskcueError } from '../../../common/api';

export interface DecodedPng {
  width: number;
  height: number;
  grey?: Uint8Array;
  rgb?: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Bounds before allocating: 32768² is beyond any medical image we take. */
const MAX_SIDE = 32768;

function bad(message: string): MaskcueError {
  return new MaskcueError('INVALID_ARGUMENT', `This PNG cannot be read: ${message}.`);
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-scanline filters in place; returns the rows without their filter bytes. */
function unfilter(data: Uint8Array, offset: number, rowBytes: number, rows: number, bpp: number): Uint8Array {
  const out = new Uint8Array(rowBytes * rows);
  for (let y = 0; y < rows; y += 1) {
    const at = offset + y * (rowBytes + 1);
    if (at + rowBytes >= data.length + 1) throw bad('the image data is shorter than the header says');
    const type = data[at]!;
    const row = y * rowBytes;
    const prev = row - rowBytes;
    for (let x = 0; x < rowBytes; x += 1) {
      const raw = data[at + 1 + x]!;
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[prev + x]! : 0;
      const c = y > 0 && x >= bpp ? out[prev + x - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0: v = raw; break;
        case 1: v = raw + a; break;
        case 2: v = raw + b; break;
        case 3: v = raw + ((a + b) >> 1); break;
        case 4: v = raw + paeth(a, b, c); break;
        default: throw bad(`unknown scanline filter ${type}`);
      }
      out[row + x] = v & 0xff;
    }
  }
  return out;
}

/** Sample `i` of a row of `bits`-bit samples, scaled to 0..255 (16-bit: the high byte). */
function sampleAt(row: Uint8Array, rowStart: number, i: number, bits: number, scale: boolean): number {
  switch (bits) {
    case 8:
      return row[rowStart + i]!;
    case 16:
      return row[rowStart + i * 2]!;
    default: {
      const perByte = 8 / bits;
      const byte = row[rowStart + Math.floor(i / perByte)]!;
      const shift = 8 - bits * ((i % perByte) + 1);
      const v = (byte >> shift) & ((1 << bits) - 1);
      return scale ? Math.round((v * 255) / ((1 << bits) - 1)) : v;
    }
  }
}

export function decodePng(bytes: Uint8Array): DecodedPng {
  if (!isPng(bytes)) throw bad('it does not start with the PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let header: { width: number; height: number; bits: number; colour: number; interlace: number } | null = null;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) throw bad(`the ${type} chunk is cut short (the file is truncated)`);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if ((crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0) !== view.getUint32(at + 8 + length)) throw bad(`the ${type} chunk is damaged (CRC mismatch)`);
    if (type === 'IHDR') {
      const hv = new DataView(body.buffer, body.byteOffset, body.byteLength);
      header = { width: hv.getUint32(0), height: hv.getUint32(4), bits: body[8]!, colour: body[9]!, interlace: body[12]! };
    } else if (type === 'PLTE') {
      palette = body.slice();
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    at += 12 + length;
  }
  if (!header) throw bad('it has no IHDR header');
  if (!ended) throw bad('it has no IEND chunk (the file is truncated)');
  const { width, height, bits, colour, interlace } = header;
  const channels = CHANNELS[colour];
  if (!channels) throw bad(`colour type ${colour} is not a PNG colour type`);
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) throw bad(`its size ${width} × ${height} is out of range`);
  if (![1, 2, 4, 8, 16].includes(bits)) throw bad(`bit depth ${bits} is not a PNG bit depth`);
  if (colour === 3 && !palette) throw bad('it is a palette image without a palette');

  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (e) {
    throw bad(`its compressed data is damaged (${e instanceof Error ? e.message : String(e)})`);
  }
  const bitsPerPixel = channels * bits;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  // Samples per pixel we keep: grey (+alpha) → 1, palette → index → RGB, RGB(A) → 3.
  const paletteGrey = palette ? isGreyPalette(palette) : false;
  const outChannels = colour === 0 || colour === 4 || (colour === 3 && paletteGrey) ? 1 : 3;
  const out = new Uint8Array(width * height * outChannels);

  const put = (rows: Uint8Array, rowBytes: number, w: number, h: number, x0: number, y0: number, dx: number, dy: number): void => {
    for (let y = 0; y < h; y += 1) {
      const rowStart = y * rowBytes;
      for (let x = 0; x < w; x += 1) {
        const o = ((y0 + y * dy) * width + x0 + x * dx) * outChannels;
        if (colour === 3) {
          const index = sampleAt(rows, rowStart, x, bits, false);
          if (outChannels === 1) out[o] = palette![index * 3] ?? 0;
          else {
            out[o] = palette![index * 3] ?? 0;
            out[o + 1] = palette![index * 3 + 1] ?? 0;
            out[o + 2] = palette![index * 3 + 2] ?? 0;
          }
        } else if (outChannels === 1) {
          out[o] = sampleAt(rows, rowStart, x * channels, bits, true);
        } else {
          for (let c = 0; c < 3; c += 1) out[o + c] = sampleAt(rows, rowStart, x * channels + c, bits, true);
        }
      }
    }
  };

  if (interlace === 0) {
    const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
    if (raw.length < (rowBytes + 1) * height) throw bad('the image data is shorter than the header says');
    put(unfilter(raw, 0, rowBytes, height, bpp), rowBytes, width, height, 0, 0, 1, 1);
  } else if (interlace === 1) {
    // Adam7: seven passes, each a sub-image with its own rows and filters.
    const passes = [
      [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
    ] as const;
    let offset = 0;
    for (const [x0, y0, dx, dy] of passes) {
      const w = Math.ceil((width - x0) / dx);
      const h = Math.ceil((height - y0) / dy);
      if (w <= 0 || h <= 0) continue;
      const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
      put(unfilter(raw, offset, rowBytes, h, bpp), rowBytes, w, h, x0, y0, dx, dy);
      offset += (rowBytes + 1) * h;
    }
  } else {
    throw bad(`interlace method ${interlace} is unknown`);
  }
  return outChannels === 1 ? { width, height, grey: out } : { width, height, rgb: out };
}

function isGreyPalette(palette: Uint8Array): boolean {
  for (let i = 0; i + 2 < palette.length; i += 3) {
    if (palette[i] !== palette[i + 1] || palette[i] !== palette[i + 2]) return false;
  }
  return true;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i += 1) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)) >>> 0);
  return out;
}

/** 8-bit greyscale PNG (masks as 0/255). Rows use the Up filter: masks compress far better with it. */
export function encodeGreyPng(width: number, height: number, grey: Uint8Array): Uint8Array {
  if (grey.length !== width * height) throw new Error(`encodeGreyPng: ${grey.length} bytes for ${width} × ${height}`);
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const at = y * (width + 1);
    raw[at] = y === 0 ? 0 : 2;
    const row = y * width;
    for (let x = 0; x < width; x += 1) raw[at + 1 + x] = y === 0 ? grey[row + x]! : (grey[row + x]! - grey[row - width + x]!) & 0xff;
  }
  return assemble(width, height, 0, raw);
}

/**
 * 8-bit RGB PNG (report snapshots: an image with coloured overlays). Each row takes the filter with
 * the smallest sum of absolute residuals (libpng's heuristic): Up for flat overlays, Paeth for
 * ultrasound speckle, whichever packs the row best.
 */
export function encodePngRgb(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error(`encodePngRgb: size ${width} × ${height}`);
  if (rgb.length !== width * height * 3) throw new Error(`encodePngRgb: ${rgb.length} bytes for ${width} × ${height} RGB`);
  const stride = width * 3;
  const raw = new Uint8Array((stride + 1) * height);
  const candidate = new Uint8Array(stride);
  for (let y = 0; y < height; y += 1) {
    const row = y * stride;
    const out = y * (stride + 1);
    let best = Infinity;
    for (const type of [0, 1, 2, 4]) {
      if (y === 0 && (type === 2 || type === 4)) continue; // no row above: Up and Paeth add nothing
      let cost = 0;
      for (let x = 0; x < stride; x += 1) {
        const v = rgb[row + x]!;
        const a = x >= 3 ? rgb[row + x - 3]! : 0;
        const b = y > 0 ? rgb[row - stride + x]! : 0;
        const c = y > 0 && x >= 3 ? rgb[row - stride + x - 3]! : 0;
        const f = (type === 0 ? v : type === 1 ? v - a : type === 2 ? v - b : v - paeth(a, b, c)) & 0xff;
        candidate[x] = f;
        cost += f < 128 ? f : 256 - f;
      }
      if (cost < best) {
        best = cost;
        raw[out] = type;
        raw.set(candidate, out + 1);
      }
    }
  }
  return assemble(width, height, 2, raw);
}

/** Signature, IHDR (8-bit, the given colour type, no interlace), one IDAT, IEND. */
function assemble(width: number, height: number, colour: 0 | 2, raw: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colour;
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
