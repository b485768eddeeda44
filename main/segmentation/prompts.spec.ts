import { describe, expect, it } from 'vitest';
import { checkImage, cleanPrompts, requireSomePrompt } from './prompts';

describe('prompts', () => {
  it('ignores clicks outside the image and bad labels, with reasons', () => {
    const clean = cleanPrompts({ points: [{ x: 5, y: 5, label: 1 }, { x: 10, y: 2, label: 0 }, { x: 1, y: 1, label: 2 as never }, { x: Number.NaN, y: 1, label: 1 }] }, 10, 8);
    expect(clean.points).toEqual([{ x: 5, y: 5, label: 1 }]);
    expect(clean.ignored.map((i) => [i.index, i.reason])).toEqual([
      [1, '(10, 2) is outside the 10 × 8 image'],
      [2, 'label 2 is neither 1 (include) nor 0 (exclude)'],
      [3, 'its coordinates are not numbers'],
    ]);
  });

  it('normalises a box dragged any way and clips it; drops a box outside', () => {
    expect(cleanPrompts({ points: [], box: { x1: 12, y1: 6, x2: 3, y2: -4 } }, 10, 8).box).toEqual({ x1: 3, y1: 0, x2: 9, y2: 6 });
    const outside = cleanPrompts({ points: [], box: { x1: 20, y1: 20, x2: 30, y2: 30 } }, 10, 8);
    expect(outside.box).toBeNull();
    expect(() => requireSomePrompt(outside)).toThrow(/No prompt inside the image/);
  });

  it('checks the image bytes', () => {
    expect(() => checkImage({ width: 2, height: 2, grey: new Uint8Array(3) })).toThrow(/needs 4 bytes, got 3/);
    expect(() => checkImage({ width: 2, height: 2 })).toThrow(/no pixels/);
    expect(() => checkImage({ width: 2, height: 2, rgb: new Uint8Array(12) })).not.toThrow();
  });
});
