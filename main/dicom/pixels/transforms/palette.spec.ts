import { describe, expect, it } from 'vitest';
import { expandSegmentedLut } from '../dataset/luts';
import { paletteToRgb } from './palette';

const lut = (data: number[], bits: number, first = 0) => ({ firstValueMapped: first, bitsPerEntry: bits, data: Uint16Array.from(data), explanation: '' });

describe('PALETTE COLOR', () => {
  it('maps 16-bit entries by their high byte', () => {
    const rgb = paletteToRgb(Uint8Array.of(0, 1), { red: lut([0x0000, 0xffff], 16), green: lut([0x8000, 0x0100], 16), blue: lut([0x1234, 0xff00], 16) });
    expect([...rgb]).toEqual([0, 128, 0x12, 255, 1, 255]);
  });

  it('maps 8-bit entries as they are, and 8-bit tables mislabelled as 16-bit too', () => {
    const eight = { red: lut([10, 20], 8), green: lut([30, 40], 8), blue: lut([50, 60], 8) };
    expect([...paletteToRgb(Uint8Array.of(1), eight)]).toEqual([20, 40, 60]);
    const mislabelled = { red: lut([10, 20], 16), green: lut([30, 40], 16), blue: lut([50, 60], 16) };
    expect([...paletteToRgb(Uint8Array.of(1), mislabelled)]).toEqual([20, 40, 60]);
  });

  it('clamps indices outside the table to its first and last entries', () => {
    const p = { red: lut([1, 2, 3], 8, 100), green: lut([4, 5, 6], 8, 100), blue: lut([7, 8, 9], 8, 100) };
    expect([...paletteToRgb(Uint16Array.of(0, 101, 500), p)]).toEqual([1, 4, 7, 2, 5, 8, 3, 6, 9]);
  });

  it('expands segmented tables: discrete, linear and indirect segments (PS3.3 C.7.9.2)', () => {
    // discrete [0, 10]; linear over 4 entries to 50; indirect: repeat the first segment once.
    const words = Uint16Array.of(0, 2, 0, 10, 1, 4, 50, 2, 1, 0, 0);
    expect([...expandSegmentedLut(words, 8)]).toEqual([0, 10, 20, 30, 40, 50, 0, 10]);
  });
});
