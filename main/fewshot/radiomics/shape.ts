// 2-D shape of the mask, in pixels. The outline is a marching-squares contour through the pixel
// centres, traced not on the 0/1 mask itself (its staircase makes a circle's perimeter 5-6 % too long,
// as in pyradiomics' 2-D mesh) but on a lightly smoothed field s = 0.25·mask + 0.75·(3×3 mean of the
// mask), at s = 0.5 with linear interpolation: a circle's perimeter comes out within ~1.5 %. Every
// pixel with at least two 8-neighbours in the mask stays inside and only outside pixels with six or
// more mask neighbours join it, so the outline keeps the mask's shape; a 1-pixel-wide line collapses
// onto its pixel centres (no area, a perimeter of twice its length), isolated pixels and pairs vanish.
// Perimeter, enclosed ("contour") area, convex hull, and the radial spread all come from that contour.
// Second moments treat each pixel as a unit square (exact for unions of squares).
// Sizes are in pixels and depend on the image's scale, which varies across images (BUSI's frames
// differ in size and depth); the ratios (circularity, eccentricity, elongation, solidity, extent,
// convexity, radial CV, height/width) are scale-free, and the area is also given as a fraction of the
// image.

import { convexHull } from './convex-hull';
import type { Region } from './region';

export const SHAPE_NAMES = [
  'area_px',
  'area_fraction',
  'perimeter_px',
  'equivalent_diameter_px',
  'major_axis_px',
  'minor_axis_px',
  'circularity',
  'eccentricity',
  'elongation',
  'solidity',
  'extent',
  'convexity',
  'radial_cv',
  'height_width_ratio',
] as const;

export type ShapeName = (typeof SHAPE_NAMES)[number];

export interface Contour {
  perimeter: number;
  /** Area enclosed by the contour. */
  area: number;
  /** Segment midpoints and lengths (for length-weighted statistics along the outline). */
  midX: number[];
  midY: number[];
  length: number[];
  /** The crossing points (contour vertices), for the hull. */
  vx: number[];
  vy: number[];
}

/** Field value 12·s = 3·mask + (3×3 count); inside where ≥ LEVEL. */
const LEVEL = 6;

/**
 * The smoothed field over the mask's box grown by 1, itself inside a border of zeros (so every cell
 * of the contour reads its corners without bounds checks); everything further out is 0 too.
 * Field pixel (c, r) is image pixel (fx0 + c, fy0 + r).
 */
function smoothedField(region: Region): { f: Uint8Array; fx0: number; fy0: number; fw: number; fh: number } {
  const { width, height, mask, box } = region;
  const fx0 = box.x0 - 2;
  const fy0 = box.y0 - 2;
  const fw = box.x1 - box.x0 + 5;
  const fh = box.y1 - box.y0 + 5;
  // Horizontal 3-sums of the mask on rows fy0 .. fy0 + fh − 1, then vertical: a separable box count.
  const rows = new Uint8Array(fw * fh);
  for (let r = 0; r < fh; r += 1) {
    const y = fy0 + r;
    if (y < 0 || y >= height) continue;
    for (let c = 1; c < fw - 1; c += 1) {
      const x = fx0 + c;
      const i = y * width + x;
      rows[r * fw + c] = (x > 0 ? mask[i - 1]! : 0) + (x >= 0 && x < width ? mask[i]! : 0) + (x + 1 < width ? mask[i + 1]! : 0);
    }
  }
  const f = new Uint8Array(fw * fh);
  for (let r = 1; r < fh - 1; r += 1) {
    const y = fy0 + r;
    for (let c = 1; c < fw - 1; c += 1) {
      const x = fx0 + c;
      const m = x >= 0 && y >= 0 && x < width && y < height ? mask[y * width + x]! : 0;
      const j = r * fw + c;
      f[j] = 3 * m + rows[j - fw]! + rows[j]! + rows[j + fw]!;
    }
  }
  return { f, fx0, fy0, fw, fh };
}

/** Marching squares on the smoothed field; saddles are resolved by the cell's centre value. */
export function traceContour(region: Region): Contour {
  const { f, fx0, fy0, fw, fh } = smoothedField(region);
  const out: Contour = { perimeter: 0, area: 0, midX: [], midY: [], length: [], vx: [], vy: [] };
  const cornerX = [0, 1, 1, 0];
  const cornerY = [0, 0, 1, 1];
  const v = [0, 0, 0, 0];
  const inside = [false, false, false, false];
  const crossX = [0, 0, 0, 0];
  const crossY = [0, 0, 0, 0];
  const segment = (a: number, b: number): void => {
    const len = Math.hypot(crossX[b]! - crossX[a]!, crossY[b]! - crossY[a]!);
    out.perimeter += len;
    out.midX.push((crossX[a]! + crossX[b]!) / 2);
    out.midY.push((crossY[a]! + crossY[b]!) / 2);
    out.length.push(len);
  };
  const triangle = (k: number, a: number, b: number, ox: number, oy: number): number =>
    Math.abs((crossX[a]! - ox - cornerX[k]!) * (crossY[b]! - oy - cornerY[k]!) - (crossX[b]! - ox - cornerX[k]!) * (crossY[a]! - oy - cornerY[k]!)) / 2;
  for (let r = 0; r < fh - 1; r += 1) {
    for (let c = 0, j = r * fw; c < fw - 1; c += 1, j += 1) {
      const a = f[j]!;
      const b = f[j + 1]!;
      const d = f[j + fw]!;
      const e = f[j + fw + 1]!;
      if (a >= LEVEL && b >= LEVEL && d >= LEVEL && e >= LEVEL) {
        out.area += 1;
        continue;
      }
      if (a < LEVEL && b < LEVEL && d < LEVEL && e < LEVEL) continue;
      v[0] = a;
      v[1] = b;
      v[2] = e;
      v[3] = d;
      let n = 0;
      for (let k = 0; k < 4; k += 1) {
        inside[k] = v[k]! >= LEVEL;
        if (inside[k]) n += 1;
      }
      const ox = fx0 + c;
      const oy = fy0 + r;
      // Crossing k lies on the edge from corner k to corner k+1.
      for (let k = 0; k < 4; k += 1) {
        const k2 = (k + 1) & 3;
        if (inside[k] === inside[k2]) continue;
        const t = (LEVEL - v[k]!) / (v[k2]! - v[k]!);
        crossX[k] = ox + cornerX[k]! + t * (cornerX[k2]! - cornerX[k]!);
        crossY[k] = oy + cornerY[k]! + t * (cornerY[k2]! - cornerY[k]!);
        out.vx.push(crossX[k]!);
        out.vy.push(crossY[k]!);
      }
      const saddle = n === 2 && inside[0] === inside[2];
      if (saddle && 4 * LEVEL > v[0]! + v[1]! + v[2]! + v[3]!) {
        // Separate: a triangle cut off at each inside corner.
        const k0 = inside[0] ? 0 : 1;
        const k1 = k0 + 2;
        segment((k0 + 3) & 3, k0);
        segment(k1 - 1, k1);
        out.area += triangle(k0, (k0 + 3) & 3, k0, ox, oy) + triangle(k1, k1 - 1, k1, ox, oy);
        continue;
      }
      // One inside region in the cell: walk the corners, the crossings closing it off around each
      // outside corner are the contour's segments, and the walk's polygon is the inside part.
      let twice = 0;
      let px = 0;
      let py = 0;
      let first = true;
      let fx = 0;
      let fy = 0;
      const add = (x: number, y: number): void => {
        if (first) {
          fx = x;
          fy = y;
          first = false;
        } else twice += px * y - x * py;
        px = x;
        py = y;
      };
      for (let k = 0; k < 4; k += 1) {
        const k2 = (k + 1) & 3;
        if (inside[k]) add(ox + cornerX[k]!, oy + cornerY[k]!);
        if (inside[k] !== inside[k2]) add(crossX[k]!, crossY[k]!);
        if (!inside[k2] && inside[k]) {
          // Leaving the inside at crossing k: the segment runs to the crossing where the walk
          // re-enters, just after the run of outside corners.
          let e = k2;
          while (!inside[(e + 1) & 3]) e = (e + 1) & 3;
          segment(k, e);
        }
      }
      twice += px * fy - fx * py;
      out.area += Math.abs(twice) / 2;
    }
  }
  return out;
}

export function shape(region: Region): Record<ShapeName, number> {
  const { width, height, mask, box, count } = region;

  // Moments about the box origin (keeps sums small).
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let y = box.y0; y <= box.y1; y += 1) {
    const ry = y - box.y0;
    for (let x = box.x0, i = y * width + box.x0; x <= box.x1; x += 1, i += 1) {
      if (!mask[i]) continue;
      const rx = x - box.x0;
      sx += rx;
      sy += ry;
      sxx += rx * rx;
      syy += ry * ry;
      sxy += rx * ry;
    }
  }
  const mx = sx / count;
  const my = sy / count;
  const mu20 = sxx / count - mx * mx + 1 / 12;
  const mu02 = syy / count - my * my + 1 / 12;
  const mu11 = sxy / count - mx * my;
  const half = (mu20 + mu02) / 2;
  const root = Math.sqrt(((mu20 - mu02) / 2) ** 2 + mu11 * mu11);
  const major = half + root;
  const minor = Math.max(0, half - root);

  const contour = traceContour(region);
  const hull = convexHull(...hullCandidates(contour.vx, contour.vy));
  // Radial spread: distance from the centroid to the outline, weighted by segment length.
  const cx = mx + box.x0;
  const cy = my + box.y0;
  let rw = 0;
  let rs = 0;
  let rss = 0;
  for (let k = 0; k < contour.length.length; k += 1) {
    const w = contour.length[k]!;
    const r = Math.hypot(contour.midX[k]! - cx, contour.midY[k]! - cy);
    rw += w;
    rs += w * r;
    rss += w * r * r;
  }
  const radialMean = rw > 0 ? rs / rw : 0;
  const radialStd = rw > 0 ? Math.sqrt(Math.max(0, rss / rw - radialMean * radialMean)) : 0;
  const boxW = box.x1 - box.x0 + 1;
  const boxH = box.y1 - box.y0 + 1;

  return {
    area_px: count,
    area_fraction: count / (width * height),
    perimeter_px: contour.perimeter,
    equivalent_diameter_px: 2 * Math.sqrt(count / Math.PI),
    major_axis_px: 4 * Math.sqrt(major),
    minor_axis_px: 4 * Math.sqrt(minor),
    circularity: contour.perimeter > 0 ? (4 * Math.PI * contour.area) / contour.perimeter ** 2 : 0,
    eccentricity: Math.sqrt(Math.max(0, 1 - minor / major)),
    elongation: Math.sqrt(minor / major),
    solidity: hull.area > 0 ? Math.min(1, contour.area / hull.area) : 1,
    extent: count / (boxW * boxH),
    convexity: contour.perimeter > 0 ? Math.min(1, hull.perimeter / contour.perimeter) : 1,
    radial_cv: radialMean > 0 ? radialStd / radialMean : 0,
    height_width_ratio: boxH / boxW,
  };
}

/**
 * Drops points strictly inside the octagon of the extreme points (Akl–Toussaint): they cannot be on
 * the hull, and a ragged outline has many.
 */
function hullCandidates(xs: number[], ys: number[]): [number[], number[]] {
  const n = xs.length;
  if (n < 16) return [xs, ys];
  // Extremes along x, x + y, y, y − x (min and max each), then in angular order around the outline.
  const lo = [0, 0, 0, 0];
  const hi = [0, 0, 0, 0];
  const loV = [Infinity, Infinity, Infinity, Infinity];
  const hiV = [-Infinity, -Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i += 1) {
    const x = xs[i]!;
    const y = ys[i]!;
    const values = [x, x + y, y, y - x];
    for (let k = 0; k < 4; k += 1) {
      if (values[k]! < loV[k]!) {
        loV[k] = values[k]!;
        lo[k] = i;
      }
      if (values[k]! > hiV[k]!) {
        hiV[k] = values[k]!;
        hi[k] = i;
      }
    }
  }
  // Support directions: −x, −(x+y), −y, −(y−x), +x, +(x+y), +y, +(y−x): a full turn.
  const order = [lo[0]!, lo[1]!, lo[2]!, lo[3]!, hi[0]!, hi[1]!, hi[2]!, hi[3]!];
  const px = order.map((i) => xs[i]!);
  const py = order.map((i) => ys[i]!);
  let sign = 0;
  for (let k = 0; k < 8 && sign === 0; k += 1) {
    const a = k;
    const b = (k + 1) % 8;
    const c = (k + 2) % 8;
    sign = Math.sign((px[b]! - px[a]!) * (py[c]! - py[a]!) - (py[b]! - py[a]!) * (px[c]! - px[a]!));
  }
  if (sign === 0) return [xs, ys];
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let i = 0; i < n; i += 1) {
    let strictlyInside = true;
    for (let k = 0; k < 8 && strictlyInside; k += 1) {
      const a = k;
      const b = (k + 1) % 8;
      if (px[a] === px[b] && py[a] === py[b]) continue;
      const cross = (px[b]! - px[a]!) * (ys[i]! - py[a]!) - (py[b]! - py[a]!) * (xs[i]! - px[a]!);
      if (cross * sign <= 0) strictlyInside = false;
    }
    if (!strictlyInside) {
      keepX.push(xs[i]!);
      keepY.push(ys[i]!);
    }
  }
  return [keepX, keepY];
}
