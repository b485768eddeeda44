// float16 conversion used for fp16 exports: exact values, rounding to nearest even, specials.
import { describe, expect, it } from 'vitest';
import { floatToHalfBits, fromHalf, halfBitsToFloat, toHalf } from './half';

describe('float16', () => {
  it('converts known bit patterns both ways', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff],
      [2 ** -24, 0x0001],
      [2 ** -14, 0x0400],
      [Infinity, 0x7c00],
    ];
    for (const [value, bits] of cases) {
      expect(floatToHalfBits(value)).toBe(bits);
      expect(halfBitsToFloat(bits)).toBe(value);
    }
    expect(floatToHalfBits(1e6)).toBe(0x7c00);
    expect(Number.isNaN(halfBitsToFloat(floatToHalfBits(NaN)))).toBe(true);
  });

  it('rounds to the nearest half, ties to even', () => {
    // Between 1 and 1 + 2^-10: the midpoint goes to the even mantissa (1), a little above goes up.
    expect(floatToHalfBits(1 + 2 ** -11)).toBe(0x3c00);
    expect(floatToHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalfBits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('round-trips embeddings within half precision', () => {
    const v = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 3);
    fromHalf(toHalf(v)).forEach((x, i) => expect(Math.abs(x - v[i]!)).toBeLessThanOrEqual(Math.abs(v[i]!) * 2 ** -11 + 1e-7));
  });
});
