// Propagation: what to prompt the next slice with, from the answer on this one. Both engines get the
// mask's bounding box (grown a little, since a finding changes size between slices; scaled when the
// target frame has another size).
// - SAM2 also gets the answer's low-res logits as mask input (where its family takes one): the model
//   then refines "this shape, here" on the new image, as SAM2's own video propagation does.
// - GrowCut takes logits only as weak seeds over the whole image, which on another slice would paint
//   the old mask everywhere. It gets what a person would click instead: a few points deep inside the
//   old mask (distance-transform maxima, so they sit in its eroded core), each kept only where the
//   new slice still looks like what the mask covered (its grey levels). If none does, the finding
//   has ended: the answer is an empty mask, which is how "propagate to range" knows to stop (GrowCut
//   always grows from a positive seed, so it would never come back empty on its own).

import type { EngineKind, LowResLogits, PointPrompt, Prompts, SegmentImage } from '../types';
import { boundingBox, greyAround, growBox, interiorPoints, scaleBox, scalePoint } from './mask-ops';
import type { StoredResult } from './result-cache';

/** Box margin: a tenth of the box on each side, at least 3 pixels. */
const BOX_MARGIN = 0.1;
const BOX_MARGIN_MIN_PX = 3;
const CARRIED_POINTS = 4;
/** Grey levels a carried point may sit outside the old mask's 10th–90th percentile range. */
const GREY_TOLERANCE = 16;

export type CarryPlan =
  | { kind: 'prompts'; prompts: Prompts; previous: { lowResLogits: LowResLogits } | null }
  | { kind: 'vanished'; reason: string };

export function planCarry(from: StoredResult, image: SegmentImage & { grey: Uint8Array }, engine: EngineKind): CarryPlan {
  const { width: fw, height: fh } = from;
  const { width: tw, height: th } = image;
  const bounds = boundingBox(from.mask, fw, fh);
  if (!bounds) throw new Error('planCarry needs a non-empty mask');
  const box = scaleBox(growBox(bounds, BOX_MARGIN, BOX_MARGIN_MIN_PX, fw, fh), fw, fh, tw, th);
  if (engine === 'sam2') return { kind: 'prompts', prompts: { points: [], box }, previous: { lowResLogits: from.lowResLogits } };

  const candidates = interiorPoints(from.mask, fw, fh, CARRIED_POINTS).map((p) => scalePoint(p, fw, fh, tw, th));
  const range = from.greyRange;
  const looksAlike = (grey: number) => !range || (grey >= range.lo - GREY_TOLERANCE && grey <= range.hi + GREY_TOLERANCE);
  const points: PointPrompt[] = candidates
    .map((p) => ({ x: Math.min(tw - 1, Math.max(0, p.x)), y: Math.min(th - 1, Math.max(0, p.y)) }))
    .filter((p) => looksAlike(greyAround(image.grey, tw, th, p)))
    .map((p) => ({ ...p, label: 1 as const }));
  if (points.length === 0) {
    const centre = candidates[0] ?? { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
    const seen = Math.round(greyAround(image.grey, tw, th, centre));
    return {
      kind: 'vanished',
      reason: `nothing carried: inside the box this slice shows grey ${seen}, where the mask covered ${range!.lo}–${range!.hi}, so the finding seems to end here`,
    };
  }
  return { kind: 'prompts', prompts: { points, box }, previous: null };
}
