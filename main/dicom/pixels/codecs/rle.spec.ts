import { describe, expect, it } from 'vitest';
import { decodeRleFrame, unpackBits } from './rle';

/** PackBits by hand: literal runs of up to 128 bytes; runs of 3+ equal bytes replicated. */
function packBits(bytes: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let run = 1;
    while (i + run < bytes.length && bytes[i + run] === bytes[i] && run < 128) run += 1;
    if (run >= 3) {
      out.push(257 - run, bytes[i]!);
      i += run;
      continue;
    }
    let literal = 0;
    while (i + literal < bytes.length && literal < 128) {
      const j = i + literal;
      if (bytes[j] === bytes[j + 1] && bytes[j] === bytes[j + 2]) break;
      literal += 1;
    }
    out.push(literal - 1, ...bytes.slice(i, i + literal));
    i += literal;
  }
  return out;
}

function rleFrame(segments: number[][]): Uint8Array {
  const header = new Array<number>(64).fill(0);
  const packed = segments.map(packBits);
  const write32 = (at: number, v: number) => {
    header[at] = v & 0xff;
    header[at + 1] = (v >> 8) & 0xff;
    header[at + 2] = (v >> 16) & 0xff;
    header[at + 3] = (v >>> 24) & 0xff;
  };
  write32(0, segments.length);
  let offset = 64;
  packed.forEach((segment, s) => {
    write32(4 + s * 4, offset);
    offset += segment.length;
  });
  return Uint8Array.from([...header, ...packed.flat()]);
}

describe('PackBits (PS3.5 G.3.1)', () => {
  it('copies literal runs, replicates runs and skips the -128 no-op', () => {
    const source = Uint8Array.from([2, 10, 11, 12, 0xfe, 7, 0x80, 0, 9]);
    const out = new Uint8Array(7);
    expect(unpackBits(source, 0, source.length, out)).toBe(7);
    expect([...out]).toEqual([10, 11, 12, 7, 7, 7, 9]);
  });

  it('stops at the expected length even when the segment runs on (odd padding)', () => {
    const out = new Uint8Array(2);
    expect(unpackBits(Uint8Array.from([3, 1, 2, 3, 4]), 0, 5, out)).toBe(2);
    expect([...out]).toEqual([1, 2]);
  });
});

describe('RLE frames', () => {
  it('puts the most significant byte segment first, stored little endian', () => {
    // Two 16-bit pixels: 0x0102 and 0xA0B0.
    const frame = rleFrame([
      [0x01, 0xa0],
      [0x02, 0xb0],
    ]);
    const out = decodeRleFrame(frame, { rows: 1, columns: 2, samplesPerPixel: 1, bytesPerSample: 2, planarConfiguration: 0, segmentBytes: 2 });
    expect([...out]).toEqual([0x02, 0x01, 0xb0, 0xa0]);
  });

  it('lays colour segments out as the planar configuration says', () => {
    const segments = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const layout = { rows: 1, columns: 3, samplesPerPixel: 3, bytesPerSample: 1, segmentBytes: 3 } as const;
    expect([...decodeRleFrame(rleFrame(segments), { ...layout, planarConfiguration: 0 })]).toEqual([1, 4, 7, 2, 5, 8, 3, 6, 9]);
    expect([...decodeRleFrame(rleFrame(segments), { ...layout, planarConfiguration: 1 })]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('decodes long runs and 32-bit samples', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i < 200 ? 0x11223344 : i));
    const segments = [24, 16, 8, 0].map((shift) => values.map((v) => (v >>> shift) & 0xff));
    const out = decodeRleFrame(rleFrame(segments), { rows: 1, columns: 300, samplesPerPixel: 1, bytesPerSample: 4, planarConfiguration: 0, segmentBytes: 300 });
    expect([...new Uint32Array(out.buffer)]).toEqual(values);
  });

  it('refuses a header whose segment count does not match the samples', () => {
    expect(() => decodeRleFrame(rleFrame([[1]]), { rows: 1, columns: 1, samplesPerPixel: 1, bytesPerSample: 2, planarConfiguration: 0, segmentBytes: 1 })).toThrow(/lists 1 segments/);
    expect(() => decodeRleFrame(new Uint8Array(10), { rows: 1, columns: 1, samplesPerPixel: 1, bytesPerSample: 1, planarConfiguration: 0, segmentBytes: 1 })).toThrow(/shorter than its 64-byte header/);
  });
});
