import { describe, expect, it } from 'vitest';
import { minMax, storedValues } from './stored-values';

const le16 = (...values: number[]) => new Uint8Array(Uint16Array.from(values).buffer);

describe('stored values from stored bits', () => {
  it('masks the bits above BitsStored (12 stored in 16, overlay bits set)', () => {
    const out = storedValues(le16(0xf123, 0x0fff, 0x8000), { bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 0 });
    expect(out).toBeInstanceOf(Uint16Array);
    expect([...out]).toEqual([0x123, 0xfff, 0]);
  });

  it('sign-extends signed values from BitsStored', () => {
    const out = storedValues(le16(0x0800, 0x0fff, 0x07ff, 0xf001), { bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    expect(out).toBeInstanceOf(Int16Array);
    expect([...out]).toEqual([-2048, -1, 2047, 1]);
  });

  it('shifts down when HighBit is not BitsStored - 1', () => {
    const out = storedValues(le16(0xabc0), { bitsAllocated: 16, bitsStored: 12, highBit: 15, pixelRepresentation: 0 });
    expect([...out]).toEqual([0xabc]);
  });

  it('keeps full-width values, signed and unsigned, 8 and 32 bits', () => {
    expect([...storedValues(Uint8Array.of(0xff, 0x01), { bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 1 })]).toEqual([-1, 1]);
    const wide = new Uint8Array(Uint32Array.of(0xffffffff, 7).buffer);
    expect([...storedValues(wide, { bitsAllocated: 32, bitsStored: 32, highBit: 31, pixelRepresentation: 0 })]).toEqual([0xffffffff, 7]);
    expect([...storedValues(wide, { bitsAllocated: 32, bitsStored: 32, highBit: 31, pixelRepresentation: 1 })]).toEqual([-1, 7]);
    expect([...storedValues(new Uint8Array(Uint32Array.of(0x00ffffff).buffer), { bitsAllocated: 32, bitsStored: 24, highBit: 23, pixelRepresentation: 1 })]).toEqual([-1]);
  });

  it('returns a new array even when nothing changes (the source may be a file buffer)', () => {
    const source = le16(1, 2);
    const out = storedValues(source, { bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0 });
    expect(out.buffer).not.toBe(source.buffer);
  });

  it('reads misaligned input', () => {
    const source = new Uint8Array(5);
    source.set(le16(0x1234, 0x5678), 1);
    expect([...storedValues(source.subarray(1), { bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0 })]).toEqual([0x1234, 0x5678]);
  });

  it('finds the range', () => {
    expect(minMax(Int16Array.of(3, -5, 9))).toEqual({ min: -5, max: 9 });
    expect(minMax(new Uint8Array(0))).toEqual({ min: 0, max: 0 });
  });
});
