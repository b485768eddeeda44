// Occlusion sensitivity for the explanation heat map (notes/method.md §5): grey out one cell at a
// time over the mask and a margin around it, re-score, and map the drop in the top class's
// probability. Cells sit on the image's own grid at multiples of cellSize (HeatMap's contract), the
// size chosen as the smallest that keeps the count at or under maxCells, because each cell costs one
// more image through the encoder (48 cells ≈ 2 extra batches of 24 on a laptop CPU).
// The cell is filled with the image's mean grey, not black: black is itself a strong feature in
// radiology images (air, background), mean grey removes the cell's content with the least new signal.

import { MaskcueError } from '../../../common/api';
import { setBounds } from '../../../common/domain';
import type { HeatMap } from '../../../common/domain';
import type { SegmentImage } from '../../segmentation/types';
import type { MaskedImage } from '../types';
import { checkMaskedImage } from './geometry';

export interface OcclusionOptions {
  /** Most cells to occlude. Default 48. */
  maxCells?: number;
  /** Margin around the mask's box on each side, as a fraction of its longer side. Default 0.25. */
  margin?: number;
}

export interface OcclusionCell {
  /** Column and row on the heat map's grid. */
  i: number;
  j: number;
  /** Pixel rectangle in the image (clipped at its edges). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OcclusionPlan {
  imageWidth: number;
  imageHeight: number;
  cellSize: number;
  /** The heat map's grid: ⌈W / cellSize⌉ × ⌈H / cellSize⌉. */
  gridWidth: number;
  gridHeight: number;
  cells: OcclusionCell[];
  /** The grey level a cell is filled with (the image's mean, over all channels). */
  fill: number;
  /** The item with cell `index` greyed out; the mask is unchanged. */
  occlude(index: number): MaskedImage;
}

function meanGrey(image: SegmentImage): number {
  const src = image.grey ?? image.rgb!;
  let sum = 0;
  for (let i = 0; i < src.length; i += 1) sum += src[i]!;
  return Math.round(sum / src.length);
}

function cellCount(x0: number, x1: number, y0: number, y1: number, s: number): number {
  return (Math.floor(x1 / s) - Math.floor(x0 / s) + 1) * (Math.floor(y1 / s) - Math.floor(y0 / s) + 1);
}

export function occlusionPlan(image: SegmentImage, mask: Uint8Array, options: OcclusionOptions = {}): OcclusionPlan {
  checkMaskedImage(image, mask);
  const maxCells = options.maxCells ?? 48;
  const marginFraction = options.margin ?? 0.25;
  if (!Number.isInteger(maxCells) || maxCells < 1) throw new MaskcueError('INVALID_ARGUMENT', `maxCells must be a whole number ≥ 1 (got ${maxCells}).`);
  const { width: W, height: H } = image;
  const b = setBounds(mask, W, H) ?? { x1: 0, y1: 0, x2: W - 1, y2: H - 1 };
  const margin = Math.round(Math.max(b.x2 - b.x1 + 1, b.y2 - b.y1 + 1) * marginFraction);
  // Inclusive pixel bounds of the region to cover.
  const x0 = Math.max(0, b.x1 - margin);
  const y0 = Math.max(0, b.y1 - margin);
  const x1 = Math.min(W - 1, b.x2 + margin);
  const y1 = Math.min(H - 1, b.y2 + margin);
  let s = Math.max(1, Math.floor(Math.sqrt(((x1 - x0 + 1) * (y1 - y0 + 1)) / maxCells)));
  while (cellCount(x0, x1, y0, y1, s) > maxCells) s += 1;

  const cells: OcclusionCell[] = [];
  for (let j = Math.floor(y0 / s); j <= Math.floor(y1 / s); j += 1) {
    for (let i = Math.floor(x0 / s); i <= Math.floor(x1 / s); i += 1) {
      const x = i * s;
      const y = j * s;
      cells.push({ i, j, x, y, width: Math.min(W, x + s) - x, height: Math.min(H, y + s) - y });
    }
  }
  const fill = meanGrey(image);
  return {
    imageWidth: W,
    imageHeight: H,
    cellSize: s,
    gridWidth: Math.ceil(W / s),
    gridHeight: Math.ceil(H / s),
    cells,
    fill,
    occlude(index: number): MaskedImage {
      const cell = cells[index];
      if (!cell) throw new MaskcueError('INVALID_ARGUMENT', `No occlusion cell ${index} (the plan has ${cells.length}).`);
      const channels = image.grey ? 1 : 3;
      const data = (image.grey ?? image.rgb!).slice();
      for (let y = cell.y; y < cell.y + cell.height; y += 1) {
        data.fill(fill, (y * W + cell.x) * channels, (y * W + cell.x + cell.width) * channels);
      }
      const occluded: SegmentImage = channels === 1 ? { width: W, height: H, grey: data } : { width: W, height: H, rgb: data };
      return { image: occluded, mask };
    },
  };
}

/** Drop in the top class's probability per cell, clamped at 0, max-normalised (all 0 if nothing dropped). */
export function heatFromDrops(plan: OcclusionPlan, baseProbability: number, occludedProbabilities: readonly number[]): HeatMap {
  if (occludedProbabilities.length !== plan.cells.length) {
    throw new MaskcueError('INVALID_ARGUMENT', `The plan has ${plan.cells.length} cells but ${occludedProbabilities.length} probabilities were given.`);
  }
  const data = new Float32Array(plan.gridWidth * plan.gridHeight);
  let max = 0;
  plan.cells.forEach((cell, k) => {
    const p = occludedProbabilities[k]!;
    const drop = Number.isFinite(p) ? Math.max(0, baseProbability - p) : 0;
    data[cell.j * plan.gridWidth + cell.i] = drop;
    if (drop > max) max = drop;
  });
  if (max > 0) for (let i = 0; i < data.length; i += 1) data[i]! /= max;
  return { width: plan.gridWidth, height: plan.gridHeight, cellSize: plan.cellSize, data };
}
