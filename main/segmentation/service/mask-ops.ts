// Measurements on a 0/1 mask that carrying it to another slice needs: its area, its bounding box,
// a few points deep inside it (where a person would click to say "this again"), and the grey levels
// it covered, so a carried point can be checked against what the next slice shows there.

import { countSet, setBounds } from '../../../common/domain/mask-geometry';
import { insideDistance2 } from '../evaluation/mask-metrics';

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Point {
  x: number;
  y: number;
}

export function areaOf(mask: Uint8Array): number {
  return countSet(mask);
}

/** Inclusive pixel bounds of the mask, or null when it is empty. */
export function boundingBox(mask: Uint8Array, width: number, height: number): Box | null {
  return setBounds(mask, width, height);
}

/**
 * A box grown by `fraction` of its size on each side (at least `minPixels`), then clamped to a
 * width × height image. Objects change size from slice to slice; the margin lets the next one grow.
 */
export function growBox(box: Box, fraction: number, minPixels: number, width: number, height: number): Box {
  const mx = Math.max(minPixels, (box.x2 - box.x1 + 1) * fraction);
  const my = Math.max(minPixels, (box.y2 - box.y1 + 1) * fraction);
  return {
    x1: Math.max(0, box.x1 - mx),
    y1: Math.max(0, box.y1 - my),
    x2: Math.min(width - 1, box.x2 + mx),
    y2: Math.min(height - 1, box.y2 + my),
  };
}

/** Pixel (x, y) of a from-sized image onto a to-sized one, centre to centre. */
export function scalePoint(p: Point, fromW: number, fromH: number, toW: number, toH: number): Point {
  return { x: (p.x + 0.5) * (toW / fromW) - 0.5, y: (p.y + 0.5) * (toH / fromH) - 0.5 };
}

/** An inclusive pixel box of a from-sized image onto a to-sized one (edges scale, not centres). */
export function scaleBox(box: Box, fromW: number, fromH: number, toW: number, toH: number): Box {
  const sx = toW / fromW;
  const sy = toH / fromH;
  return {
    x1: Math.max(0, box.x1 * sx),
    y1: Math.max(0, box.y1 * sy),
    x2: Math.min(toW - 1, (box.x2 + 1) * sx - 1),
    y2: Math.min(toH - 1, (box.y2 + 1) * sy - 1),
  };
}

/**
 * Up to `count` points deep inside the mask: the distance transform's maximum, then the deepest
 * pixels at least one maximum depth away from those chosen, among pixels at least half as deep as the
 * maximum (the eroded mask's core). A long or lobed region gets points spread along it; a thin one
 * gets its deepest pixel only.
 */
export function interiorPoints(mask: Uint8Array, width: number, height: number, count = 4): (Point & { depth: number })[] {
  const d2 = insideDistance2(mask, width, height);
  let max = 0;
  for (let i = 0; i < d2.length; i += 1) if (mask[i] && d2[i]! > max) max = d2[i]!;
  if (max === 0) return [];
  const floor = max / 4; // depth ≥ half the maximum, squared
  const separation2 = max;
  const chosen: (Point & { depth: number })[] = [];
  while (chosen.length < count) {
    let best = -1;
    let bestValue = 0;
    for (let i = 0; i < d2.length; i += 1) {
      const v = d2[i]!;
      if (!mask[i] || v < floor || v <= bestValue) continue;
      const x = i % width;
      const y = (i - x) / width;
      if (chosen.some((c) => (c.x - x) ** 2 + (c.y - y) ** 2 < separation2)) continue;
      best = i;
      bestValue = v;
    }
    if (best < 0) break;
    chosen.push({ x: best % width, y: Math.floor(best / width), depth: Math.sqrt(bestValue) });
  }
  return chosen;
}

/** 10th and 90th percentile of the grey levels under the mask (null when it is empty). */
export function greyRange(grey: Uint8Array, mask: Uint8Array): { lo: number; hi: number } | null {
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < mask.length; i += 1) {
    if (!mask[i]) continue;
    histogram[grey[i]!]! += 1;
    n += 1;
  }
  if (n === 0) return null;
  const at = (q: number): number => {
    const target = q * (n - 1);
    let seen = 0;
    for (let v = 0; v < 256; v += 1) {
      seen += histogram[v]!;
      if (seen > target) return v;
    }
    return 255;
  };
  return { lo: at(0.1), hi: at(0.9) };
}

/** Mean grey in the 3 × 3 neighbourhood of (x, y), clamped at the edges. */
export function greyAround(grey: Uint8Array, width: number, height: number, p: Point): number {
  const cx = Math.round(p.x);
  const cy = Math.round(p.y);
  let sum = 0;
  let n = 0;
  for (let y = cy - 1; y <= cy + 1; y += 1) {
    for (let x = cx - 1; x <= cx + 1; x += 1) {
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      sum += grey[y * width + x]!;
      n += 1;
    }
  }
  return n ? sum / n : 0;
}

/**
 * Logits for a mask that has none (an accepted segment, perhaps edited with the brush), on a
 * side × side grid over the whole image like SAM2's: the fraction of each cell the mask covers, mapped
 * to ±10 around one half, so the sign is the mask. Each cell samples the pixels whose centres fall in
 * it (the one under its centre when the grid is finer than the image).
 */
export function logitsFromMask(mask: Uint8Array, width: number, height: number, side = 256): { width: number; height: number; data: Float32Array } {
  const data = new Float32Array(side * side);
  const span = (cell: number, size: number): [number, number] => {
    const from = Math.floor((cell * size) / side);
    const to = Math.max(from + 1, Math.floor(((cell + 1) * size) / side));
    return [Math.min(from, size - 1), Math.min(to, size)];
  };
  for (let cy = 0; cy < side; cy += 1) {
    const [y0, y1] = span(cy, height);
    for (let cx = 0; cx < side; cx += 1) {
      const [x0, x1] = span(cx, width);
      let inside = 0;
      for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) inside += mask[y * width + x] ? 1 : 0;
      data[cy * side + cx] = (inside / ((y1 - y0) * (x1 - x0)) - 0.5) * 20;
    }
  }
  return { width: side, height: side, data };
}
