// The region: the ring of surroundings is an annulus of the width the lesion's size calls for (3-4
// chamfer distance, within 8 % of Euclidean), clipped at the image's edge, and empty for the whole image.
import { describe, expect, it } from 'vitest';
import { RING_MAX_PX, RING_MIN_PX, maskHistogram, regionOf, ringHistogram, ringWidthFor } from './region';

function disc(size: number, cx: number, cy: number, r: number): Uint8Array {
  return Uint8Array.from({ length: size * size }, (_, i) => ((i % size) - cx) ** 2 + (Math.floor(i / size) - cy) ** 2 <= r * r ? 1 : 0);
}

const total = (h: Float64Array): number => h.reduce((a, b) => a + b, 0);

describe('region and ring', () => {
  it('the ring width scales with the lesion, within bounds', () => {
    expect(ringWidthFor(Math.PI * 30 * 30)).toBe(9);
    expect(ringWidthFor(10)).toBe(RING_MIN_PX);
    expect(ringWidthFor(1e7)).toBe(RING_MAX_PX);
  });

  it('a disc has an annulus of that width around it', () => {
    const size = 160;
    const r = 30;
    const region = regionOf({ width: size, height: size, grey: new Uint8Array(size * size) }, disc(size, 80, 80, r));
    const w = ringWidthFor(region.count);
    const ring = total(ringHistogram(region, w));
    const annulus = Math.PI * ((r + w) ** 2 - r * r);
    expect(Math.abs(ring - annulus) / annulus).toBeLessThan(0.1);
    expect(total(maskHistogram(region))).toBe(region.count);
  });

  it('is clipped at the image edge, and empty for the whole image', () => {
    const size = 100;
    const full = regionOf({ width: size, height: size, grey: new Uint8Array(size * size) }, disc(size, 50, 50, 20));
    const edge = regionOf({ width: size, height: size, grey: new Uint8Array(size * size) }, disc(size, 0, 50, 20));
    expect(total(ringHistogram(edge, 6))).toBeLessThan(0.6 * total(ringHistogram(full, 6)));
    const whole = regionOf({ width: size, height: size, grey: new Uint8Array(size * size) }, new Uint8Array(size * size));
    expect(whole.wholeImage).toBe(true);
    expect(total(ringHistogram(whole, 6))).toBe(0);
  });
});
