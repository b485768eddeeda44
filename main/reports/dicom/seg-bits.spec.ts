import { describe, expect, it } from 'vitest';
import { packBits, unpackFrame } from './seg-bits';

describe('SEG bit packing (PS3.5 8.1.1)', () => {
  it('packs least significant bit first', () => {
    // pixels 0..7 = 1,0,0,0,0,0,0,1 → 0b10000001; pixel 8 = 1 → next byte 0b00000001
    const frame = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1, 1, 0]);
    const packed = packBits([frame], 10);
    expect(Array.from(packed)).toEqual([0x81, 0x01]);
  });

  it('runs frames on without padding, so a frame can start mid-byte, and pads the total to even', () => {
    // 3×3 frames: 9 bits each; frame 2 starts at bit 9 (byte 1, bit 1).
    const a = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const b = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 1]);
    const c = Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const packed = packBits([a, b, c], 9);
    expect(packed.length).toBe(4); // 27 bits → 4 bytes (already even)
    expect(packed[0]).toBe(0xff);
    expect(packed[1]).toBe(0b00000011); // a's 9th bit, then b's first
    expect(packed[2]).toBe(0b01000010); // b's last pixel = bit 17, c's pixel 4 = bit 22
    expect(packed[3]).toBe(0);
  });

  it('unpacks what it packed, for odd frame sizes', () => {
    const pixels = 7 * 5;
    const frames = Array.from({ length: 5 }, (_, f) => Uint8Array.from({ length: pixels }, (_, i) => ((i * 7 + f * 3) % 5 === 0 ? 1 : 0)));
    const packed = packBits(frames, pixels);
    expect(packed.length % 2).toBe(0);
    frames.forEach((frame, f) => expect(Array.from(unpackFrame(packed, f, pixels))).toEqual(Array.from(frame)));
  });

  it('refuses a frame of the wrong size and pixel data too short', () => {
    expect(() => packBits([new Uint8Array(3)], 4)).toThrow(/expected 4/);
    expect(() => unpackFrame(new Uint8Array(2), 1, 16)).toThrow(/too short/);
  });
});
