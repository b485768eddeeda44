// The encoder input: stretch resize (antialiased when shrinking), /255, ImageNet mean/std, NCHW.
import { describe, expect, it } from 'vitest';
import { IMAGENET_MEAN, IMAGENET_STD, axisWeights, resizePlaneToFloat, toModelInput } from './model-input';

describe('axisWeights', () => {
  it('is plain bilinear with half-pixel centres when enlarging', () => {
    const w = axisWeights(2, 4);
    // Output 1 has centre 0.75 in input units: 0.75 of cell 0, 0.25 of cell 1.
    const row = Array.from(w.weights.subarray(w.taps, 2 * w.taps));
    expect(w.start[1]).toBe(0);
    expect(row[0]).toBeCloseTo(0.75);
    expect(row[1]).toBeCloseTo(0.25);
  });

  it('widens the triangle when shrinking (antialias), weights summing to 1', () => {
    const w = axisWeights(8, 2);
    for (let o = 0; o < 2; o += 1) {
      const row = Array.from(w.weights.subarray(o * w.taps, (o + 1) * w.taps));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
      expect(row.filter((v) => v > 0).length).toBeGreaterThan(2);
    }
  });
});

describe('toModelInput', () => {
  it('normalises a flat grey image per channel with ImageNet statistics, planar', () => {
    const out = toModelInput({ width: 3, height: 2, grey: new Uint8Array(6).fill(128) }, { width: 4, height: 4 });
    expect(out.length).toBe(3 * 16);
    for (let c = 0; c < 3; c += 1) {
      const want = (128 / 255 - IMAGENET_MEAN[c]!) / IMAGENET_STD[c]!;
      for (let i = 0; i < 16; i += 1) expect(out[c * 16 + i]).toBeCloseTo(want, 5);
    }
  });

  it('keeps RGB channel order and stretches (no padding): a left/right split stays split at the middle', () => {
    const rgb = new Uint8Array(4 * 2 * 3);
    for (let y = 0; y < 2; y += 1) {
      for (let x = 0; x < 4; x += 1) {
        const i = (y * 4 + x) * 3;
        rgb[i] = x < 2 ? 255 : 0; // red on the left
        rgb[i + 2] = x < 2 ? 0 : 255; // blue on the right
      }
    }
    const out = toModelInput({ width: 4, height: 2, rgb }, { width: 8, height: 8 });
    const at = (c: number, x: number, y: number) => out[c * 64 + y * 8 + x]!;
    const hi = (c: number) => (1 - IMAGENET_MEAN[c]!) / IMAGENET_STD[c]!;
    const lo = (c: number) => -IMAGENET_MEAN[c]! / IMAGENET_STD[c]!;
    expect(at(0, 0, 7)).toBeCloseTo(hi(0), 5);
    expect(at(2, 0, 7)).toBeCloseTo(lo(2), 5);
    expect(at(0, 7, 0)).toBeCloseTo(lo(0), 5);
    expect(at(2, 7, 0)).toBeCloseTo(hi(2), 5);
    expect(at(1, 3, 3)).toBeCloseTo(lo(1), 5);
  });

  it('resizePlaneToFloat averages when shrinking by two', () => {
    const out = resizePlaneToFloat(Uint8Array.from([0, 100, 200, 100]), 4, 1, 2, 1);
    // triangle of half-width 2 centred at 1.0 and 3.0 over samples at 0.5, 1.5, 2.5, 3.5
    expect(out[0]).toBeCloseTo((0.75 * 0 + 0.75 * 100 + 0.25 * 200) / 1.75, 4);
  });
});
