// Simulated user clicks from a ground-truth mask, the protocol of interactive-segmentation papers
// (e.g. RITM, SAM's "point-based evaluation"): the first click is an include click at the lesion's
// interior point farthest from its boundary; each next click goes to the centre (farthest-from-edge
// point) of the largest error region — include if it is missed lesion, exclude if it is leaked
// background — until the click budget is spent. Used by the BUSI quality test and the benchmarks.

import type { PointPrompt } from '../types';
import { components, deepestPoint, dice } from './mask-metrics';

export interface ClickRun {
  /** Dice after 1, 2, ... clicks. */
  dice: number[];
  clicks: PointPrompt[];
  /** Foreground area of the final mask, as a fraction of the image (for images with empty truth). */
  finalArea: number;
}

/** Next click for `predicted` against `truth`, or null when nothing is wrong. */
export function nextClick(truth: Uint8Array, predicted: Uint8Array | null, width: number, height: number): PointPrompt | null {
  if (!predicted) {
    const p = deepestPoint(truth, width, height);
    return p ? { x: p.x, y: p.y, label: 1 } : null;
  }
  const missed = new Uint8Array(truth.length);
  const leaked = new Uint8Array(truth.length);
  for (let i = 0; i < truth.length; i += 1) {
    if (truth[i] && !predicted[i]) missed[i] = 1;
    else if (!truth[i] && predicted[i]) leaked[i] = 1;
  }
  let best: { region: Uint8Array; size: number; label: 0 | 1 } | null = null;
  for (const [errors, label] of [[missed, 1], [leaked, 0]] as const) {
    const { labels, sizes } = components(errors, width, height);
    for (let c = 1; c < sizes.length; c += 1) {
      if (!best || sizes[c]! > best.size) {
        const region = new Uint8Array(truth.length);
        for (let i = 0; i < labels.length; i += 1) if (labels[i] === c) region[i] = 1;
        best = { region, size: sizes[c]!, label };
      }
    }
  }
  if (!best) return null;
  const p = deepestPoint(best.region, width, height);
  return p ? { x: p.x, y: p.y, label: best.label } : null;
}

/**
 * Runs up to `maxClicks` clicks. `segment` gets every click so far (engines re-use all prompts) and
 * returns the mask. When the truth is empty (normal images) a single include click at the centre
 * stands for a user probing a suspicious spot; the leaked area is what to report.
 */
export async function simulateClicks(
  truth: Uint8Array,
  width: number,
  height: number,
  maxClicks: number,
  segment: (clicks: PointPrompt[]) => Promise<Uint8Array>,
): Promise<ClickRun> {
  const clicks: PointPrompt[] = [];
  const scores: number[] = [];
  let predicted: Uint8Array | null = null;
  const empty = !truth.some((v) => v !== 0);
  for (let k = 0; k < maxClicks; k += 1) {
    const click = empty ? (k === 0 ? { x: Math.floor(width / 2), y: Math.floor(height / 2), label: 1 as const } : null) : nextClick(truth, predicted, width, height);
    if (!click) {
      // Perfect already (or nothing more to do): the score stays.
      scores.push(scores.at(-1) ?? 1);
      continue;
    }
    clicks.push(click);
    predicted = await segment([...clicks]);
    scores.push(dice(truth, predicted));
  }
  let fg = 0;
  if (predicted) for (let i = 0; i < predicted.length; i += 1) fg += predicted[i]! ? 1 : 0;
  return { dice: scores, clicks, finalArea: fg / (width * height) };
}
