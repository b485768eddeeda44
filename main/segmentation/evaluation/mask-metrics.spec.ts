import { describe, expect, it } from 'vitest';
import { nextClick } from './click-simulation';
import { area, components, deepestPoint, dice, insideDistance2 } from './mask-metrics';

function square(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y <= y1; y += 1) for (let x = x0; x <= x1; x += 1) m[y * w + x] = 1;
  return m;
}

describe('mask metrics', () => {
  it('dice and area', () => {
    const a = square(10, 10, 0, 0, 4, 4);
    const b = square(10, 10, 0, 0, 4, 9);
    expect(dice(a, b)).toBeCloseTo((2 * 25) / 75);
    expect(dice(new Uint8Array(4), new Uint8Array(4))).toBe(1);
    expect(area(b)).toBe(50);
  });

  it('exact squared distance to the outside, the image border counting as outside', () => {
    const m = square(7, 7, 1, 1, 5, 5);
    const d2 = insideDistance2(m, 7, 7);
    expect(d2[3 * 7 + 3]).toBe(9);
    expect(d2[1 * 7 + 1]).toBe(1);
    expect(d2[0]).toBe(0);
    const full = new Uint8Array(9).fill(1);
    expect(insideDistance2(full, 3, 3)[4]).toBe(4);
  });

  it('deepest point and components', () => {
    expect(deepestPoint(square(9, 9, 2, 2, 6, 6), 9, 9)).toMatchObject({ x: 4, y: 4, depth: 3 });
    expect(deepestPoint(new Uint8Array(4), 2, 2)).toBeNull();
    const two = square(10, 3, 0, 0, 2, 2);
    two[7] = 1;
    expect(components(two, 10, 3).sizes).toEqual([0, 9, 1]);
  });

  it('simulated clicks: first inside the lesion, then at the largest error, with the right label', () => {
    const truth = square(20, 20, 2, 2, 11, 11);
    expect(nextClick(truth, null, 20, 20)).toEqual({ x: 6, y: 6, label: 1 });
    const leaked = square(20, 20, 2, 2, 17, 11);
    expect(nextClick(truth, leaked, 20, 20)).toMatchObject({ label: 0 });
    const missed = square(20, 20, 2, 2, 5, 11);
    expect(nextClick(truth, missed, 20, 20)).toMatchObject({ label: 1 });
    expect(nextClick(truth, truth, 20, 20)).toBeNull();
  });
});
