// Huffman tables and the entropy-coded-segment bit reader: codes of every length from 1 to 16 bits
// (the one-look-up path and the MAXCODE path), byte stuffing, markers ending a segment, and the
// restart-marker resynchronisation libjpeg does.
import { describe, expect, it } from 'vitest';
import { random } from '../../spec-support/test-images';
import { BitReader } from './bitreader';
import { buildHuffmanTable, decodeSymbol } from './huffman';

/** Canonical codes (T.81 C.2) for BITS/HUFFVAL, symbol -> [code, length]. */
function canonical(counts: number[], symbols: number[]): Map<number, [number, number]> {
  const map = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l += 1) {
    for (let i = 0; i < counts[l - 1]!; i += 1) map.set(symbols[k++]!, [code++, l]);
    code <<= 1;
  }
  return map;
}

/** Bits MSB first into bytes, FF stuffed with 00, padded with 1-bits, as an encoder writes them. */
function pack(codes: [number, number][]): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  const put = (bit: number) => {
    acc = (acc << 1) | bit;
    n += 1;
    if (n === 8) {
      out.push(acc);
      if (acc === 0xff) out.push(0);
      acc = 0;
      n = 0;
    }
  };
  for (const [code, length] of codes) for (let b = length - 1; b >= 0; b -= 1) put((code >> b) & 1);
  while (n !== 0) put(1);
  return Uint8Array.from(out);
}

// One code of each length 1..15 and two of length 16: a complete-as-allowed code with long codes.
const COUNTS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2];
const SYMBOLS = Array.from({ length: 17 }, (_, i) => (i * 37 + 5) & 0xff);

describe('Huffman tables', () => {
  it('decodes codes of every length from 1 to 16 bits, through stuffed FF bytes', () => {
    const table = buildHuffmanTable(COUNTS, SYMBOLS, false);
    const codes = canonical(COUNTS, SYMBOLS);
    const rnd = random(7);
    const message = Array.from({ length: 2000 }, () => SYMBOLS[Math.floor(rnd() * SYMBOLS.length)]!);
    // All-ones runs (long codes are mostly ones) make FF bytes and hence stuffing.
    const data = pack(message.map((s) => codes.get(s)!));
    expect(data.some((b, i) => b === 0xff && data[i + 1] === 0)).toBe(true);
    const reader = new BitReader(Uint8Array.from([...data, 0xff, 0xd9]), 0);
    expect(message.map(() => decodeSymbol(reader, table))).toEqual(message);
    expect(reader.exhausted).toBe(false);
  });

  it('decodes a typical table (Annex K luminance DC) mixed with raw bits', () => {
    const counts = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    const symbols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const table = buildHuffmanTable(counts, symbols, true);
    const codes = canonical(counts, symbols);
    // DC differences: category, then the magnitude bits (F.1.2.1), read back with RECEIVE/EXTEND.
    const diffs = [0, 1, -1, 5, -6, 100, -2047, 2047, 3];
    const parts: [number, number][] = [];
    for (const d of diffs) {
      const s = d === 0 ? 0 : Math.floor(Math.log2(Math.abs(d))) + 1;
      parts.push(codes.get(s)!);
      if (s > 0) parts.push([d >= 0 ? d : d + (1 << s) - 1, s]);
    }
    const reader = new BitReader(pack(parts), 0);
    expect(diffs.map(() => reader.receiveExtend(decodeSymbol(reader, table)))).toEqual(diffs);
  });

  it('refuses tables that are no prefix code or give DC categories above 15', () => {
    expect(() => buildHuffmanTable([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 3], false)).toThrow(/prefix code/);
    expect(() => buildHuffmanTable([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [16], true)).toThrow(/above 15/);
    expect(() => buildHuffmanTable([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1], false)).toThrow(/more codes than symbols/);
  });

  it('decodes a bit pattern that is no code as symbol 0 after 17 bits, as libjpeg does', () => {
    // Codes 0 and 10 only: 11... is no code.
    const table = buildHuffmanTable([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [7, 9], false);
    const reader = new BitReader(Uint8Array.of(0xff, 0x00, 0xff, 0x00, 0x80, 0x00), 0);
    expect(decodeSymbol(reader, table)).toBe(0);
    expect(decodeSymbol(reader, table)).toBe(7); // bits 18.. are 0: the code "0"
  });
});

describe('Entropy-coded segment reader', () => {
  it('reads through stuffed FF 00 and fill bytes, and stops at a marker with zero bits', () => {
    const reader = new BitReader(Uint8Array.of(0xab, 0xff, 0x00, 0xff, 0xff, 0xd9), 0);
    expect(reader.getBits(8)).toBe(0xab);
    expect(reader.getBits(8)).toBe(0xff);
    expect(reader.exhausted).toBe(false);
    expect(reader.getBits(4)).toBe(0);
    expect(reader.exhausted).toBe(true);
    expect([reader.marker, reader.markerAt]).toEqual([0xd9, 4]);
  });

  it('only counts zero bits as missing data once a code uses them', () => {
    const reader = new BitReader(Uint8Array.of(0x80, 0xff, 0xd0), 0);
    expect(reader.peek(16)).toBe(0x8000); // looking ahead past the marker is fine
    expect(reader.getBit()).toBe(1);
    reader.getBits(7);
    expect(reader.exhausted).toBe(false);
    reader.getBit();
    expect(reader.exhausted).toBe(true);
  });

  it('reads the expected restart marker and resumes after it', () => {
    const reader = new BitReader(Uint8Array.of(0xc0, 0xff, 0xd3, 0x5a), 0);
    expect(reader.getBits(2)).toBe(3);
    expect(reader.restart(3)).toBe(true);
    expect(reader.getBits(8)).toBe(0x5a);
  });

  it('skips garbage before a restart marker, and a marker of an earlier interval', () => {
    const reader = new BitReader(Uint8Array.of(0x12, 0x34, 0xff, 0xd1, 0x77, 0xff, 0xd2, 0x5a), 0);
    expect(reader.restart(2)).toBe(true);
    expect(reader.getBits(8)).toBe(0x5a);
    expect(reader.skipped).toBeGreaterThan(0);
  });

  it('leaves a later interval\'s marker in place and decodes the current interval from no data', () => {
    const reader = new BitReader(Uint8Array.of(0xff, 0xd5, 0x5a), 0);
    expect(reader.restart(4)).toBe(false);
    expect(reader.getBits(8)).toBe(0);
    expect(reader.exhausted).toBe(true);
    expect(reader.restart(5)).toBe(true);
    expect(reader.exhausted).toBe(false);
    expect(reader.getBits(8)).toBe(0x5a);
  });
});
