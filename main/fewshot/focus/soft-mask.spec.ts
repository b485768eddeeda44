// The soft mask: exact Euclidean dilation (checked against brute force), Gaussian feather, range [0, 1],
// and the sizes scaled with the model's input (8 px / σ 3 px at 224).
import { describe, expect, it } from 'vitest';
import { gaussianBlur, gaussianKernel, softMask, softMaskSizes, squaredDistanceToMask } from './soft-mask';

function disk(size: number, cx: number, cy: number, r: number): Float32Array {
  const m = new Float32Array(size * size);
  for (let y = 0; y < size; y += 1) for (let x = 0; x < size; x += 1) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) m[y * size + x] = 1;
  return m;
}

describe('squaredDistanceToMask', () => {
  it('matches brute force on a scattered mask', () => {
    const w = 23;
    const h = 17;
    const m = new Float32Array(w * h);
    let seed = 7;
    const set: [number, number][] = [];
    for (let k = 0; k < 9; k += 1) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const i = seed % (w * h);
      m[i] = 1;
      set.push([i % w, Math.floor(i / w)]);
    }
    const d = squaredDistanceToMask(m, w, h);
    for (let y = 0; y < h; y += 1) {
      for (let x = 0; x < w; x += 1) {
        const brute = Math.min(...set.map(([sx, sy]) => (sx - x) ** 2 + (sy - y) ** 2));
        expect(d[y * w + x]).toBe(brute);
      }
    }
  });
});

describe('softMask', () => {
  const size = 224;
  const r = 30;
  const c = 112;
  const m = softMask(disk(size, c, c, r), size, size);
  const at = (dx: number): number => m[c * size + c + dx]!;

  it('stays in [0, 1], is 1 inside and 0 far outside', () => {
    expect(Math.min(...m)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...m)).toBeLessThanOrEqual(1);
    expect(at(0)).toBeCloseTo(1, 6);
    expect(at(r)).toBeGreaterThan(0.99); // the lesion's own edge is fully inside after dilation
    expect(at(r + 30)).toBeCloseTo(0, 6);
  });

  it('is dilated by 8 px and feathered with σ = 3 px at 224', () => {
    // The dilated edge sits at r + 8: half-way there after the blur, ~Φ(∓1) one σ either side.
    expect(at(r + 8)).toBeGreaterThan(0.4);
    expect(at(r + 8)).toBeLessThan(0.6);
    expect(at(r + 5)).toBeGreaterThan(0.8);
    expect(at(r + 11)).toBeLessThan(0.2);
    expect(at(r + 11)).toBeGreaterThan(0.1);
    // Monotone going out.
    for (let dx = 0; dx < 40; dx += 1) expect(at(dx + 1)).toBeLessThanOrEqual(at(dx) + 1e-6);
  });

  it('scales its sizes with the input', () => {
    expect(softMaskSizes(224, 224)).toEqual({ dilate: 8, sigma: 3 });
    expect(softMaskSizes(64, 64).dilate).toBeCloseTo(8 * 64 / 224, 12);
    expect(softMaskSizes(448, 336).sigma).toBeCloseTo(4.5, 12);
  });

  it('is all zero for an empty mask', () => {
    expect(softMask(new Float32Array(16 * 16), 16, 16).every((v) => v === 0)).toBe(true);
  });
});

describe('gaussianBlur', () => {
  it('keeps a constant plane and the sum of an impulse far from the edges', () => {
    expect(gaussianBlur(new Float32Array(50).fill(0.3), 10, 5, 2).every((v) => Math.abs(v - 0.3) < 1e-6)).toBe(true);
    const impulse = new Float32Array(41 * 41);
    impulse[20 * 41 + 20] = 1;
    const out = gaussianBlur(impulse, 41, 41, 2);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const k = gaussianKernel(2);
    expect(out[20 * 41 + 20]).toBeCloseTo(k[6]! * k[6]!, 6);
  });
});
