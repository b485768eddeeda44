// Shape features against geometry done by hand: a filled disc (area πr², perimeter 2πr, round,
// convex), an ellipse (axes and eccentricity, also rotated), a square (exact extent, moments, and a
// perimeter of 4n with rounded corners), a notched disc (roughness), and degenerate masks.
import { describe, expect, it } from 'vitest';
import { convexHull } from './convex-hull';
import { regionOf } from './region';
import { shape, traceContour } from './shape';

type Inside = (x: number, y: number) => boolean;

function maskOf(width: number, height: number, inside: Inside): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if (inside(x, y)) mask[y * width + x] = 1;
  return mask;
}

function shapeOf(width: number, height: number, inside: Inside): ReturnType<typeof shape> {
  return shape(regionOf({ width, height, grey: new Uint8Array(width * height) }, maskOf(width, height, inside)));
}

const relative = (got: number, want: number): number => Math.abs(got - want) / want;

describe('shape of a filled disc', () => {
  for (const r of [12, 40, 90.5]) {
    it(`r = ${r}: area ≈ πr², perimeter ≈ 2πr, circular, convex`, () => {
      const size = Math.ceil(2 * r + 20);
      const c = size / 2 + 0.3;
      const s = shapeOf(size, size, (x, y) => (x - c) ** 2 + (y - c + 0.1) ** 2 <= r * r);
      expect(relative(s.area_px, Math.PI * r * r)).toBeLessThan(0.01);
      expect(relative(s.perimeter_px, 2 * Math.PI * r)).toBeLessThan(0.025);
      expect(relative(s.equivalent_diameter_px, 2 * r)).toBeLessThan(0.005);
      expect(relative(s.major_axis_px, 2 * r)).toBeLessThan(0.01);
      expect(relative(s.minor_axis_px, 2 * r)).toBeLessThan(0.01);
      expect(s.circularity).toBeGreaterThan(0.96);
      expect(s.circularity).toBeLessThanOrEqual(1.01);
      expect(s.eccentricity).toBeLessThan(0.12);
      expect(s.elongation).toBeGreaterThan(0.99);
      expect(s.solidity).toBeGreaterThan(0.985);
      expect(s.convexity).toBeGreaterThan(0.97);
      expect(relative(s.extent, Math.PI / 4)).toBeLessThan(0.03);
      expect(s.radial_cv).toBeLessThan(0.02);
      expect(s.height_width_ratio).toBe(1);
      expect(relative(s.area_fraction, (Math.PI * r * r) / (size * size))).toBeLessThan(0.01);
    });
  }

  it('the contour encloses the pixel count, within the corner cuts', () => {
    const contour = traceContour(regionOf({ width: 120, height: 120, grey: new Uint8Array(120 * 120) }, maskOf(120, 120, (x, y) => (x - 60) ** 2 + (y - 60) ** 2 <= 45 * 45)));
    expect(relative(contour.area, Math.PI * 45 * 45)).toBeLessThan(0.01);
  });
});

describe('shape of an ellipse', () => {
  const a = 60;
  const b = 30;
  for (const degrees of [0, 30, 90]) {
    it(`semi-axes ${a}, ${b} at ${degrees}°: axes 2a and 2b, eccentricity √(1 − b²/a²)`, () => {
      const t = (degrees * Math.PI) / 180;
      const s = shapeOf(200, 200, (x, y) => {
        const dx = x - 100.2;
        const dy = y - 99.7;
        const u = dx * Math.cos(t) + dy * Math.sin(t);
        const v = -dx * Math.sin(t) + dy * Math.cos(t);
        return (u / a) ** 2 + (v / b) ** 2 <= 1;
      });
      expect(relative(s.major_axis_px, 2 * a)).toBeLessThan(0.01);
      expect(relative(s.minor_axis_px, 2 * b)).toBeLessThan(0.01);
      expect(s.eccentricity).toBeCloseTo(Math.sqrt(1 - (b * b) / (a * a)), 2);
      expect(s.elongation).toBeCloseTo(b / a, 2);
      expect(relative(s.area_px, Math.PI * a * b)).toBeLessThan(0.01);
      // Ramanujan's perimeter of an ellipse.
      const h = (a - b) ** 2 / (a + b) ** 2;
      const perimeter = Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
      expect(relative(s.perimeter_px, perimeter)).toBeLessThan(0.025);
      expect(s.solidity).toBeGreaterThan(0.985);
      if (degrees === 0) expect(s.height_width_ratio).toBeCloseTo(b / a, 1);
      if (degrees === 90) expect(s.height_width_ratio).toBeCloseTo(a / b, 1);
    });
  }
});

describe('shape of a square', () => {
  it('n = 40: exact area, extent and moments; perimeter 4n less the rounded corners', () => {
    const n = 40;
    const s = shapeOf(60, 60, (x, y) => x >= 10 && x < 10 + n && y >= 7 && y < 7 + n);
    expect(s.area_px).toBe(n * n);
    expect(s.extent).toBe(1);
    expect(s.height_width_ratio).toBe(1);
    expect(s.eccentricity).toBe(0);
    // Unit-square pixels: variance n²/12 per axis, so the equivalent ellipse's axes are 4·n/√12.
    expect(s.major_axis_px).toBeCloseTo((4 * n) / Math.sqrt(12), 9);
    expect(s.minor_axis_px).toBeCloseTo((4 * n) / Math.sqrt(12), 9);
    expect(relative(s.perimeter_px, 4 * n)).toBeLessThan(0.02);
    expect(s.perimeter_px).toBeLessThanOrEqual(4 * n);
    // A sharp square's circularity is π/4; the rounded corners raise it a little.
    expect(s.circularity).toBeGreaterThan(Math.PI / 4);
    expect(s.circularity).toBeLessThan((Math.PI / 4) * 1.05);
    expect(s.solidity).toBeGreaterThan(0.995);
    expect(s.convexity).toBeGreaterThan(0.995);
  });
});

describe('boundary roughness', () => {
  it('a notched disc is less solid, less convex and more irregular in radius than a disc', () => {
    const disc = shapeOf(200, 200, (x, y) => (x - 100) ** 2 + (y - 100) ** 2 <= 70 * 70);
    const gear = shapeOf(200, 200, (x, y) => {
      const r = Math.hypot(x - 100, y - 100);
      return r <= 70 * (0.8 + 0.2 * Math.cos(12 * Math.atan2(y - 100, x - 100)));
    });
    expect(gear.solidity).toBeLessThan(disc.solidity - 0.05);
    expect(gear.convexity).toBeLessThan(disc.convexity - 0.1);
    expect(gear.radial_cv).toBeGreaterThan(disc.radial_cv + 0.05);
    expect(gear.circularity).toBeLessThan(disc.circularity - 0.2);
  });
});

describe('degenerate masks', () => {
  it('a 1-pixel-wide line keeps an outline (about twice its length) and reads as fully elongated', () => {
    const s = shapeOf(40, 10, (x, y) => y === 5 && x >= 5 && x < 35);
    expect(s.perimeter_px).toBeGreaterThan(50);
    expect(s.perimeter_px).toBeLessThan(62);
    expect(s.eccentricity).toBeGreaterThan(0.99);
    expect(s.height_width_ratio).toBeCloseTo(1 / 30, 10);
    for (const v of Object.values(s)) expect(Number.isFinite(v)).toBe(true);
  });

  it('an empty mask is the whole image', () => {
    const s = shape(regionOf({ width: 30, height: 20, grey: new Uint8Array(600) }, new Uint8Array(600)));
    expect(s.area_px).toBe(600);
    expect(s.area_fraction).toBe(1);
    expect(s.extent).toBe(1);
    expect(s.height_width_ratio).toBeCloseTo(20 / 30, 12);
    expect(relative(s.perimeter_px, 100)).toBeLessThan(0.03);
  });

  it('two separate blobs: the hull spans both, so solidity drops', () => {
    const s = shapeOf(100, 40, (x, y) => (x - 20) ** 2 + (y - 20) ** 2 <= 100 || (x - 80) ** 2 + (y - 20) ** 2 <= 100);
    expect(s.solidity).toBeLessThan(0.6);
    expect(relative(s.perimeter_px, 2 * 2 * Math.PI * 10)).toBeLessThan(0.04);
  });
});

describe('convex hull', () => {
  it('of a square with interior and collinear points is the square', () => {
    const xs = [0, 4, 4, 0, 2, 1, 3, 2, 0];
    const ys = [0, 0, 4, 4, 2, 3, 1, 0, 2];
    const hull = convexHull(xs, ys);
    expect(hull.area).toBe(16);
    expect(hull.perimeter).toBe(16);
    expect(hull.points.length).toBe(8);
  });
});
