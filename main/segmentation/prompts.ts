// Prompt checks shared by every engine: a click outside the image is ignored with a message (the
// issue's "bad input" rule: the user clicked on the viewport's margin, not an error), a box is
// normalised (dragged any direction) and clipped, and nothing non-finite reaches a model.

import { MaskcueError } from '../../common/api';
import type { BoxPrompt, IgnoredPrompt, PointPrompt, Prompts, SegmentImage } from './types';

export interface CleanPrompts {
  points: PointPrompt[];
  box: BoxPrompt | null;
  ignored: IgnoredPrompt[];
}

function finite(...values: number[]): boolean {
  return values.every((v) => Number.isFinite(v));
}

export function checkImage(image: SegmentImage): void {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new MaskcueError('INVALID_ARGUMENT', `The image must have a positive whole width and height (got ${width} × ${height}).`);
  }
  const pixels = width * height;
  if (image.grey && image.rgb) throw new MaskcueError('INVALID_ARGUMENT', 'Give the image as grey or as rgb, not both.');
  if (image.grey) {
    if (image.grey.length !== pixels) {
      throw new MaskcueError('INVALID_ARGUMENT', `A ${width} × ${height} grey image needs ${pixels} bytes, got ${image.grey.length}.`);
    }
  } else if (image.rgb) {
    if (image.rgb.length !== pixels * 3) {
      throw new MaskcueError('INVALID_ARGUMENT', `A ${width} × ${height} RGB image needs ${pixels * 3} bytes, got ${image.rgb.length}.`);
    }
  } else {
    throw new MaskcueError('INVALID_ARGUMENT', 'The image has no pixels: give grey or rgb bytes.');
  }
}

/** Points inside [0, W) × [0, H) are kept; a box is kept when it overlaps the image by at least a pixel. */
export function cleanPrompts(prompts: Prompts, width: number, height: number): CleanPrompts {
  const ignored: IgnoredPrompt[] = [];
  const points: PointPrompt[] = [];
  prompts.points.forEach((p, index) => {
    if (p.label !== 0 && p.label !== 1) {
      ignored.push({ prompt: 'point', index, reason: `label ${String(p.label)} is neither 1 (include) nor 0 (exclude)` });
    } else if (!finite(p.x, p.y)) {
      ignored.push({ prompt: 'point', index, reason: 'its coordinates are not numbers' });
    } else if (p.x < 0 || p.y < 0 || p.x >= width || p.y >= height) {
      ignored.push({
        prompt: 'point',
        index,
        reason: `(${round(p.x)}, ${round(p.y)}) is outside the ${width} × ${height} image`,
      });
    } else {
      points.push({ x: p.x, y: p.y, label: p.label });
    }
  });
  let box: BoxPrompt | null = null;
  if (prompts.box) {
    const b = prompts.box;
    if (!finite(b.x1, b.y1, b.x2, b.y2)) {
      ignored.push({ prompt: 'box', index: 0, reason: 'its corners are not numbers' });
    } else {
      const x1 = Math.max(0, Math.min(b.x1, b.x2));
      const x2 = Math.min(width - 1, Math.max(b.x1, b.x2));
      const y1 = Math.max(0, Math.min(b.y1, b.y2));
      const y2 = Math.min(height - 1, Math.max(b.y1, b.y2));
      if (x2 - x1 < 1 || y2 - y1 < 1) {
        ignored.push({ prompt: 'box', index: 0, reason: 'it does not cover at least one pixel of the image' });
      } else {
        box = { x1, y1, x2, y2 };
      }
    }
  }
  return { points, box, ignored };
}

/** Thrown when nothing usable is left: the caller shows the reasons. */
export function requireSomePrompt(clean: CleanPrompts): void {
  if (clean.points.length > 0 || clean.box) return;
  const why = clean.ignored.map((i) => `${i.prompt} ${i.index + 1}: ${i.reason}`).join('; ');
  throw new MaskcueError(
    'INVALID_ARGUMENT',
    why ? `No prompt inside the image to segment from (${why}). Click on the image.` : 'Nothing to segment from: click on the finding or drag a box around it.',
  );
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
