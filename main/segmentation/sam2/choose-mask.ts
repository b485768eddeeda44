// Which of the decoder's masks to show (notes/model-formats.md §6.1): one prompt is ambiguous (a
// click on a lesion could mean the lesion, its core, or the organ), so SAM's multimask tokens are
// ranked by predicted IoU and the best shown, the others one key away; with two or more prompts the
// single-mask token (trained for that case) comes first where the family has one.

import type { DecoderOutputs } from './families/types';

export interface Choice {
  /** Mask index in the decoder's output. */
  index: number;
  /** Candidate indices in the order the user cycles through them. */
  order: number[];
  /** Position of `index` in `order`. */
  position: number;
}

export function chooseMask(out: Pick<DecoderOutputs, 'iou' | 'singleToken' | 'multiTokens'>, promptCount: number, alternative = 0): Choice {
  const byIou = [...out.multiTokens].sort((a, b) => out.iou[b]! - out.iou[a]! || a - b);
  let order: number[];
  if (out.multiTokens.length === 0) order = [out.singleToken ?? 0];
  else if (promptCount >= 2 && out.singleToken !== null) order = [out.singleToken, ...byIou];
  else order = byIou;
  const k = Number.isInteger(alternative) && alternative > 0 ? alternative : 0;
  const position = k % order.length;
  return { index: order[position]!, order, position };
}
