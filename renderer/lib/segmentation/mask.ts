// Pixel work on binary masks in the renderer: area, copies, the brush and eraser, and the outline as
// pixel-edge runs (drawn in image space, so it follows zoom, pan, rotation and flips). Masks are the
// contract's BinaryMask: one byte per pixel, 0 or 1, row-major, at the image's size.
import { countSet, setBounds, type BinaryMask, type BoxPrompt } from '../../../common/domain';

export function emptyMask(width: number, height: number): BinaryMask {
  return { width, height, data: new Uint8Array(width * height) };
}

export function cloneMask(mask: BinaryMask): BinaryMask {
  return { width: mask.width, height: mask.height, data: mask.data.slice() };
}

export function maskArea(mask: BinaryMask): number {
  return countSet(mask.data);
}

/** The smallest box (inclusive pixel indices) holding every set pixel, or null for an empty mask. */
export function maskBounds(mask: BinaryMask): BoxPrompt | null {
  return setBounds(mask.data, mask.width, mask.height);
}

/**
 * Sets (value 1) or clears (value 0) the pixels whose centres lie within `radius` of (cx, cy), in
 * pixel-index coordinates (pixel (i, j) has its centre at (i, j)). Returns the change in area.
 */
export function paintDisc(mask: BinaryMask, cx: number, cy: number, radius: number, value: 0 | 1): number {
  const { width, height, data } = mask;
  const r = Math.max(0.5, radius);
  const r2 = r * r;
  const x0 = Math.max(0, Math.ceil(cx - r));
  const x1 = Math.min(width - 1, Math.floor(cx + r));
  const y0 = Math.max(0, Math.ceil(cy - r));
  const y1 = Math.min(height - 1, Math.floor(cy + r));
  let delta = 0;
  for (let y = y0; y <= y1; y += 1) {
    const dy = y - cy;
    for (let x = x0; x <= x1; x += 1) {
      const dx = x - cx;
      if (dx * dx + dy * dy > r2) continue;
      const i = y * width + x;
      if (data[i] === value) continue;
      data[i] = value;
      delta += value ? 1 : -1;
    }
  }
  return delta;
}

/** A brush stroke from one pointer position to the next: discs along the segment, half a radius apart. */
export function paintSegment(
  mask: BinaryMask,
  from: { x: number; y: number },
  to: { x: number; y: number },
  radius: number,
  value: 0 | 1,
): number {
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  const steps = Math.max(1, Math.ceil(length / Math.max(0.5, radius / 2)));
  let delta = 0;
  for (let s = 1; s <= steps; s += 1) {
    const t = s / steps;
    delta += paintDisc(mask, from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, radius, value);
  }
  return delta;
}

/**
 * The mask's outline as line segments along pixel edges, in cornerstone's pixel coordinates (pixel
 * (i, j) covers [i, i+1) × [j, j+1)), flat [x1, y1, x2, y2, ...]. Collinear neighbouring edges are
 * merged into one run, so a 512² mask gives a few thousand segments rather than one per edge.
 */
export function maskOutline(mask: BinaryMask): Float32Array {
  const { width, height, data } = mask;
  const out: number[] = [];
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < width && y < height ? data[y * width + x]! : 0);
  // Horizontal edges: between row y-1 and row y, for y in 0..height.
  for (let y = 0; y <= height; y += 1) {
    let start = -1;
    for (let x = 0; x <= width; x += 1) {
      const edge = x < width && at(x, y) !== at(x, y - 1);
      if (edge && start < 0) start = x;
      else if (!edge && start >= 0) {
        out.push(start, y, x, y);
        start = -1;
      }
    }
  }
  // Vertical edges: between column x-1 and column x.
  for (let x = 0; x <= width; x += 1) {
    let start = -1;
    for (let y = 0; y <= height; y += 1) {
      const edge = y < height && at(x, y) !== at(x - 1, y);
      if (edge && start < 0) start = y;
      else if (!edge && start >= 0) {
        out.push(x, start, x, y);
        start = -1;
      }
    }
  }
  return Float32Array.from(out);
}

/** The mask as the contract's schema types it (pixels in a plain ArrayBuffer), copying only when needed. */
export function wireMask(mask: BinaryMask): { width: number; height: number; data: Uint8Array<ArrayBuffer> } {
  const data = mask.data.buffer instanceof ArrayBuffer ? (mask.data as Uint8Array<ArrayBuffer>) : new Uint8Array(mask.data);
  return { width: mask.width, height: mask.height, data };
}
