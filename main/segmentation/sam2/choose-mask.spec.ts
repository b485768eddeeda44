import { describe, expect, it } from 'vitest';
import { chooseMask } from './choose-mask';
import { tokensFor } from './families/types';

const iou = (values: number[]) => Float32Array.from(values);

describe('chooseMask', () => {
  it('one prompt: the multimask token with the best IoU, the rest in IoU order', () => {
    const out = { iou: iou([0.99, 0.6, 0.9, 0.75]), ...tokensFor(4) };
    expect(chooseMask(out, 1)).toEqual({ index: 2, order: [2, 3, 1], position: 0 });
    expect(chooseMask(out, 1, 1).index).toBe(3);
    expect(chooseMask(out, 1, 5).index).toBe(1);
  });

  it('two or more prompts: the single-mask token first where the family has one', () => {
    expect(chooseMask({ iou: iou([0.5, 0.6, 0.9, 0.75]), ...tokensFor(4) }, 2).order).toEqual([0, 2, 3, 1]);
    expect(chooseMask({ iou: iou([0.6, 0.9, 0.75]), ...tokensFor(3) }, 3).index).toBe(1);
    expect(chooseMask({ iou: iou([0.3]), ...tokensFor(1) }, 1)).toEqual({ index: 0, order: [0], position: 0 });
  });
});
