import { describe, expect, it } from 'vitest';
import { expand422, toRgb, ybrFullToRgb } from './colour';

const layout8 = { bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 as const };

describe('colour to interleaved 8-bit RGB', () => {
  it('converts YBR_FULL with the PS3.3 C.7.6.3.1.2 equations', () => {
    // Grey stays grey; pure red, green and blue survive a round trip within rounding.
    const ybr = Uint8Array.of(128, 128, 128, 76, 85, 255, 150, 44, 21, 29, 255, 107);
    expect([...ybrFullToRgb(ybr)]).toEqual([128, 128, 128, 254, 0, 0, 0, 255, 1, 0, 0, 254]);
  });

  it('repeats 4:2:2 chroma for both pixels of a pair', () => {
    expect([...expand422(Uint8Array.of(10, 20, 100, 200), 1, 2)]).toEqual([10, 100, 200, 20, 100, 200]);
  });

  it('interleaves planar RGB', () => {
    const planar = Uint8Array.of(1, 2, 3, 4, 5, 6);
    expect([...toRgb({ bytes: planar, rows: 1, columns: 2, photometricInterpretation: 'RGB', planarConfiguration: 1, layout: layout8 })]).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it('keeps the top 8 bits of 16-bit RGB', () => {
    const rgb16 = new Uint8Array(Uint16Array.of(0xffff, 0x8000, 0x00ff).buffer);
    const layout = { bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0 as const };
    expect([...toRgb({ bytes: rgb16, rows: 1, columns: 1, photometricInterpretation: 'RGB', planarConfiguration: 0, layout })]).toEqual([255, 128, 0]);
  });

  it('does not write into its input', () => {
    const source = Uint8Array.of(76, 85, 255);
    toRgb({ bytes: source, rows: 1, columns: 1, photometricInterpretation: 'YBR_FULL', planarConfiguration: 0, layout: layout8 });
    expect([...source]).toEqual([76, 85, 255]);
  });

  it('refuses a colour model it does not know', () => {
    expect(() => toRgb({ bytes: new Uint8Array(3), rows: 1, columns: 1, photometricInterpretation: 'CMYK', planarConfiguration: 0, layout: layout8 })).toThrow(/CMYK/);
  });
});
