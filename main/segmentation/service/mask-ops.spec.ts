import { describe, expect, it } from 'vitest';
import { areaOf, boundingBox, greyAround, greyRange, growBox, interiorPoints, logitsFromMask, scaleBox, scalePoint } from './mask-ops';

function maskOf(width: number, height: number, inside: (x: number, y: number) => boolean): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) mask[y * width + x] = inside(x, y) ? 1 : 0;
  return mask;
}

describe('mask measurements', () => {
  it('area and inclusive bounding box; null for an empty mask', () => {
    const mask = maskOf(20, 10, (x, y) => x >= 3 && x <= 7 && y >= 2 && y <= 4);
    expect(areaOf(mask)).toBe(15);
    expect(boundingBox(mask, 20, 10)).toEqual({ x1: 3, y1: 2, x2: 7, y2: 4 });
    expect(boundingBox(new Uint8Array(200), 20, 10)).toBeNull();
  });

  it('grows a box by a fraction (at least a few pixels) and clamps it to the image', () => {
    expect(growBox({ x1: 10, y1: 10, x2: 29, y2: 49 }, 0.1, 3, 100, 100)).toEqual({ x1: 7, y1: 6, x2: 32, y2: 53 });
    expect(growBox({ x1: 1, y1: 0, x2: 98, y2: 99 }, 0.1, 3, 100, 100)).toEqual({ x1: 0, y1: 0, x2: 99, y2: 99 });
  });

  it('scales boxes by their edges and points by their centres', () => {
    expect(scaleBox({ x1: 0, y1: 0, x2: 255, y2: 127 }, 256, 128, 512, 256)).toEqual({ x1: 0, y1: 0, x2: 511, y2: 255 });
    expect(scaleBox({ x1: 10, y1: 10, x2: 19, y2: 19 }, 100, 100, 50, 50)).toEqual({ x1: 5, y1: 5, x2: 9, y2: 9 });
    expect(scalePoint({ x: 0, y: 1 }, 100, 100, 200, 200)).toEqual({ x: 0.5, y: 2.5 });
    expect(scalePoint({ x: 5, y: 5 }, 10, 10, 10, 10)).toEqual({ x: 5, y: 5 });
  });

  it('puts interior points deep inside, spread over both lobes of a dumbbell', () => {
    const w = 80;
    const h = 40;
    const mask = maskOf(w, h, (x, y) => (x - 18) ** 2 + (y - 20) ** 2 <= 100 || (x - 60) ** 2 + (y - 20) ** 2 <= 100 || (y >= 19 && y <= 21 && x > 18 && x < 60));
    const points = interiorPoints(mask, w, h, 4);
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const p of points) {
      expect(mask[p.y * w + p.x]).toBe(1);
      expect(p.depth).toBeGreaterThanOrEqual(5);
    }
    expect(points.some((p) => p.x < 30)).toBe(true);
    expect(points.some((p) => p.x > 50)).toBe(true);
    expect(interiorPoints(new Uint8Array(w * h), w, h)).toEqual([]);
    // A one-pixel line still gets its deepest pixel.
    expect(interiorPoints(maskOf(10, 10, (x, y) => y === 5 && x > 2 && x < 8), 10, 10, 4).length).toBeGreaterThan(0);
  });

  it('reads the grey levels under a mask and around a point', () => {
    const grey = Uint8Array.from({ length: 100 }, (_, i) => i);
    const mask = maskOf(10, 10, (x) => x < 5);
    expect(greyRange(grey, mask)).toEqual({ lo: 4, hi: 84 });
    expect(greyRange(grey, new Uint8Array(100))).toBeNull();
    expect(greyAround(grey, 10, 10, { x: 5, y: 5 })).toBe(55);
    expect(greyAround(grey, 10, 10, { x: 0, y: 0 })).toBe((0 + 1 + 10 + 11) / 4);
  });

  it('makes low-res logits whose sign is the mask, from a coarser or a finer image', () => {
    const coarse = maskOf(4, 4, (x, y) => x < 2 && y < 2);
    const up = logitsFromMask(coarse, 4, 4, 8);
    expect(Array.from(up.data.slice(0, 8))).toEqual([10, 10, 10, 10, -10, -10, -10, -10]);
    expect(up.data[7 * 8]).toBe(-10);
    const fine = maskOf(16, 16, (x) => x < 6);
    const down = logitsFromMask(fine, 16, 16, 4);
    expect(Array.from(down.data.slice(0, 4))).toEqual([10, 0, -10, -10]);
  });
});
