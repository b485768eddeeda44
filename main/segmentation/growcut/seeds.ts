// Seeds for GrowCut from the same prompts SAM2 takes, so the two engines answer the same calls:
// - an include click seeds a small foreground disc, an exclude click a background disc;
// - without a box, the image border is background (what the user did not click on, at the edge);
// - with a box, only the box (plus a small margin) may be labelled, and a one-cell ring at that
//   margin is background; with no include click, a disc at the box's centre is the foreground seed.
// Coordinates are in the working grid (the caller scales them).

import { BACKGROUND, FOREGROUND } from './growcut';

export interface GridPrompts {
  points: { x: number; y: number; label: 0 | 1 }[];
  box: { x1: number; y1: number; x2: number; y2: number } | null;
}

export interface SeedOptions {
  /** Radius of a click's disc, in working cells. */
  radius: number;
  /**
   * A disc keeps only cells within this intensity difference of the clicked cell, so a click near an
   * edge does not plant seeds on the far side of it (which then leak). Infinity to keep whole discs.
   */
  similarity: number;
  /** Working-grid intensities, for `similarity`. */
  features?: Float32Array | Uint8Array;
  /** Margin added around a box before its background ring, as a fraction of the box's size. */
  boxMargin: number;
}

export interface Seeds {
  seeds: Uint8Array;
  allowed: Uint8Array | null;
  foregroundSeeds: number;
}

function disc(
  seeds: Uint8Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  r: number,
  label: number,
  allowed: Uint8Array | null,
  options: SeedOptions,
): number {
  let count = 0;
  const f = options.features;
  const centre = f ? f[Math.min(height - 1, Math.max(0, Math.round(cy))) * width + Math.min(width - 1, Math.max(0, Math.round(cx)))]! : 0;
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(width - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(height - 1, Math.ceil(cy + r));
  const r2 = r * r;
  for (let y = y0; y <= y1; y += 1) {
    for (let x = x0; x <= x1; x += 1) {
      const dx = x - cx;
      const dy = y - cy;
      const i = y * width + x;
      const similar = !f || Math.abs(f[i]! - centre) <= options.similarity || (dx * dx + dy * dy <= 1);
      if (dx * dx + dy * dy <= r2 && similar && (!allowed || allowed[i])) {
        seeds[i] = label;
        count += 1;
      }
    }
  }
  return count;
}

export function seedsFromPrompts(width: number, height: number, prompts: GridPrompts, options: SeedOptions): Seeds {
  const seeds = new Uint8Array(width * height);
  let allowed: Uint8Array | null = null;
  const { box } = prompts;
  if (box) {
    const mx = Math.max(1, (box.x2 - box.x1) * options.boxMargin);
    const my = Math.max(1, (box.y2 - box.y1) * options.boxMargin);
    const x0 = Math.max(0, Math.floor(box.x1 - mx));
    const x1 = Math.min(width - 1, Math.ceil(box.x2 + mx));
    const y0 = Math.max(0, Math.floor(box.y1 - my));
    const y1 = Math.min(height - 1, Math.ceil(box.y2 + my));
    allowed = new Uint8Array(width * height);
    for (let y = y0; y <= y1; y += 1) {
      for (let x = x0; x <= x1; x += 1) {
        const i = y * width + x;
        allowed[i] = 1;
        if (y === y0 || y === y1 || x === x0 || x === x1) seeds[i] = BACKGROUND;
      }
    }
  } else {
    for (let x = 0; x < width; x += 1) {
      seeds[x] = BACKGROUND;
      seeds[(height - 1) * width + x] = BACKGROUND;
    }
    for (let y = 0; y < height; y += 1) {
      seeds[y * width] = BACKGROUND;
      seeds[y * width + width - 1] = BACKGROUND;
    }
  }
  for (const p of prompts.points) if (p.label === 0) disc(seeds, width, height, p.x, p.y, options.radius, BACKGROUND, allowed, options);
  let foregroundSeeds = 0;
  for (const p of prompts.points) if (p.label === 1) foregroundSeeds += disc(seeds, width, height, p.x, p.y, options.radius, FOREGROUND, allowed, options);
  if (foregroundSeeds === 0 && box) {
    const r = Math.max(options.radius, 0.15 * Math.min(box.x2 - box.x1, box.y2 - box.y1));
    foregroundSeeds = disc(seeds, width, height, (box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, r, FOREGROUND, allowed, options);
  }
  return { seeds, allowed, foregroundSeeds };
}
