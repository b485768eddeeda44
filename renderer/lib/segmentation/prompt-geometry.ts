// From cornerstone's pixel coordinates (pixel (i, j) covers [i, i+1) × [j, j+1)) to the contract's
// prompt coordinates (x = column, y = row, 0-based: pixel (i, j) has its centre at (i, j)), and back.
import type { BoxPrompt } from '../../../common/domain';

export interface Size {
  width: number;
  height: number;
}

export function insideImage(point: { x: number; y: number }, size: Size): boolean {
  return point.x >= 0 && point.y >= 0 && point.x < size.width && point.y < size.height;
}

/** A click at cornerstone pixel coordinates → a prompt point (the clicked pixel's centre is whole). */
export function promptPoint(point: { x: number; y: number }, size: Size): { x: number; y: number } {
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return { x: round2(clamp(point.x - 0.5, size.width - 1)), y: round2(clamp(point.y - 0.5, size.height - 1)) };
}

/** Where a prompt point is drawn, in cornerstone pixel coordinates. */
export function displayPoint(point: { x: number; y: number }): { x: number; y: number } {
  return { x: point.x + 0.5, y: point.y + 0.5 };
}

/**
 * A drag between two cornerstone pixel positions → the box of the pixels it covers (inclusive
 * indices), clipped to the image; null when the drag misses the image.
 */
export function boxFromDrag(a: { x: number; y: number }, b: { x: number; y: number }, size: Size): BoxPrompt | null {
  const left = Math.max(0, Math.floor(Math.min(a.x, b.x)));
  const top = Math.max(0, Math.floor(Math.min(a.y, b.y)));
  const right = Math.min(size.width - 1, Math.ceil(Math.max(a.x, b.x)) - 1);
  const bottom = Math.min(size.height - 1, Math.ceil(Math.max(a.y, b.y)) - 1);
  if (right < left || bottom < top) return null;
  return { x1: left, y1: top, x2: right, y2: bottom };
}

/** The rectangle a box covers, in cornerstone pixel coordinates (for drawing). */
export function boxRect(box: BoxPrompt): { x: number; y: number; width: number; height: number } {
  const x = Math.min(box.x1, box.x2);
  const y = Math.min(box.y1, box.y2);
  return { x, y, width: Math.abs(box.x2 - box.x1) + 1, height: Math.abs(box.y2 - box.y1) + 1 };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
