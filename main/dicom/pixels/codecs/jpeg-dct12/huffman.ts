// Huffman tables of a DHT segment (T.81 B.2.4.2, C) and decoding one symbol (F.2.2.3). Codes of up
// to LOOKAHEAD bits are found with one table look-up; longer ones by the MAXCODE/VALPTR procedure of
// F.16. A bit pattern that is no code (possible only in damaged data) decodes as symbol 0 after 17
// bits, as IJG libjpeg does.
import { DecodeError } from '../../decode-error';
import type { BitReader } from './bitreader';

const LOOKAHEAD = 9;

export interface HuffmanTable {
  /** (code length << 8) | symbol for every LOOKAHEAD-bit prefix that starts with a short code; 0 otherwise. */
  lookup: Uint16Array;
  /** Largest code of each length (index 1..16), -1 where there is none; maxcode[17] stops the search. */
  maxcode: Int32Array;
  /** huffval index of the first code of each length minus that code. */
  valoffset: Int32Array;
  huffval: Uint8Array;
}

/**
 * Builds a table from BITS (16 counts of codes by length) and HUFFVAL. DC tables (`dc`) may only hold
 * categories 0 to 15. Throws on a table that is no prefix code.
 */
export function buildHuffmanTable(counts: ArrayLike<number>, symbols: ArrayLike<number>, dc: boolean): HuffmanTable {
  let total = 0;
  for (let l = 0; l < 16; l += 1) total += counts[l]!;
  if (total > 256 || total > symbols.length) throw new DecodeError('corrupt', 'A JPEG Huffman table (DHT) holds more codes than symbols.');
  const huffval = Uint8Array.from({ length: total }, (_, i) => symbols[i]!);
  if (dc && huffval.some((s) => s > 15)) throw new DecodeError('corrupt', 'A JPEG DC Huffman table holds a category above 15.');
  const maxcode = new Int32Array(18).fill(-1);
  const valoffset = new Int32Array(18);
  const lookup = new Uint16Array(1 << LOOKAHEAD);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l += 1) {
    const n = counts[l - 1]!;
    if (n > 0) {
      valoffset[l] = k - code;
      for (let i = 0; i < n; i += 1, k += 1, code += 1) {
        if (l <= LOOKAHEAD) {
          const shift = LOOKAHEAD - l;
          const first = code << shift;
          for (let j = 0; j < 1 << shift; j += 1) lookup[first + j] = (l << 8) | huffval[k]!;
        }
      }
      maxcode[l] = code - 1;
    }
    // Every code of length l must fit in l bits (T.81 C.2; libjpeg's "Bogus Huffman table definition").
    if (code > 1 << l) throw new DecodeError('corrupt', 'A JPEG Huffman table (DHT) is not a valid prefix code.');
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  return { lookup, maxcode, valoffset, huffval };
}

/** DECODE (F.2.2.3): the next symbol. */
export function decodeSymbol(reader: BitReader, table: HuffmanTable): number {
  if (reader.bits < 17) reader.fill();
  const bits = reader.bits;
  const buf = reader.buf;
  const entry = table.lookup[(buf >>> (bits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)]!;
  if (entry !== 0) {
    reader.consume(entry >> 8);
    return entry & 0xff;
  }
  const maxcode = table.maxcode;
  let l = LOOKAHEAD + 1;
  let code = (buf >>> (bits - l)) & ((1 << l) - 1);
  while (code > maxcode[l]!) {
    l += 1;
    if (l > 16) {
      reader.consume(17);
      return 0; // not a code: libjpeg warns and fakes a zero
    }
    code = (buf >>> (bits - l)) & ((1 << l) - 1);
  }
  reader.consume(l);
  return table.huffval[table.valoffset[l]! + code]!;
}
