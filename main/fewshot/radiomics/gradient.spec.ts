// Gradient magnitude in grey levels per pixel: a linear ramp reads its slope, a flat image 0, and a
// step edge along the mask's margin shows up in the margin's mean, not the interior's.
import { describe, expect, it } from 'vitest';
import { gradient } from './gradient';
import { regionOf } from './region';

describe('gradient features', () => {
  it('a ramp of slope 3 reads 3 everywhere, the image edge included (replicated, so half there)', () => {
    const w = 30;
    const h = 20;
    const grey = Uint8Array.from({ length: w * h }, (_, i) => 3 * (i % w) + 10);
    const mask = Uint8Array.from({ length: w * h }, (_, i) => (i % w >= 5 && i % w < 25 && Math.floor(i / w) >= 5 && Math.floor(i / w) < 15 ? 1 : 0));
    const inner = gradient(regionOf({ width: w, height: h, grey }, mask));
    expect(inner.mean).toBeCloseTo(3, 12);
    expect(inner.std).toBeCloseTo(0, 6);
    expect(inner.margin_mean).toBeCloseTo(3, 12);
    // Whole image: the left and right columns see a one-sided difference (half the slope).
    const whole = gradient(regionOf({ width: w, height: h, grey }, new Uint8Array(w * h)));
    expect(whole.mean).toBeCloseTo((3 * (w - 2) + 1.5 * 2) / w, 10);
  });

  it('a flat image has no gradient; a sharp lesion edge lifts the margin above the interior', () => {
    const size = 40;
    const flat = gradient(regionOf({ width: size, height: size, grey: new Uint8Array(size * size).fill(99) }, new Uint8Array(size * size)));
    expect([flat.mean, flat.std, flat.margin_mean]).toEqual([0, 0, 0]);
    const grey = new Uint8Array(size * size);
    const mask = new Uint8Array(size * size);
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const inside = x >= 10 && x < 30 && y >= 10 && y < 30;
        grey[y * size + x] = inside ? 200 : 40;
        mask[y * size + x] = inside ? 1 : 0;
      }
    }
    const edge = gradient(regionOf({ width: size, height: size, grey }, mask));
    // Along a straight side the Sobel step response is (1 + 2 + 1)·160 / 8 = 80 on the margin pixel.
    expect(edge.margin_mean).toBeGreaterThan(70);
    expect(edge.mean).toBeLessThan(edge.margin_mean / 2);
  });
});
