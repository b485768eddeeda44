import { describe, expect, it } from 'vitest';
import { swapBytes, swapUnitForVr } from './byte-order';
import { interleavedToPlanar, packBits, planarToInterleaved, resizeSamples, unpackBits } from './sample-layout';

describe('sample layout', () => {
  it('packs and unpacks 1-bit pixels least significant bit first', () => {
    const pixels = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 1, 1, 1);
    const packed = packBits(pixels, 10);
    expect([...packed]).toEqual([0x81, 0x03]);
    expect([...unpackBits(packed, 10)]).toEqual([...pixels]);
  });

  it('converts between planar and interleaved, 16-bit samples included', () => {
    const interleaved = new Uint8Array(Uint16Array.of(1, 2, 3, 4, 5, 6).buffer);
    const planar = interleavedToPlanar(interleaved, 2, 3, 2);
    expect([...new Uint16Array(planar.buffer)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect([...planarToInterleaved(planar, 2, 3, 2)]).toEqual([...interleaved]);
  });

  it('widens 8-bit samples to 16 bits', () => {
    expect([...resizeSamples(Uint8Array.of(1, 255), 1, 2)]).toEqual([1, 0, 255, 0]);
  });

  it('swaps big endian words by the VR, not by BitsAllocated (as DCMTK and GDCM)', () => {
    expect([...swapBytes(Uint8Array.of(1, 2, 3, 4, 5), 2)]).toEqual([2, 1, 4, 3, 5]);
    expect([...swapBytes(Uint8Array.of(1, 2, 3, 4), 4)]).toEqual([4, 3, 2, 1]);
    expect(swapUnitForVr('OB', 16)).toBe(1);
    expect(swapUnitForVr('OW', 32)).toBe(2);
    expect(swapUnitForVr('OF', 32)).toBe(4);
    expect(swapUnitForVr('OD', 64)).toBe(8);
    expect(swapUnitForVr(undefined, 8)).toBe(1);
  });
});
