import { describe, expect, it } from 'vitest';
import { boxFromDrag, boxRect, displayPoint, insideImage, promptPoint } from './prompt-geometry';

const size = { width: 10, height: 8 };

describe('prompt geometry', () => {
  it('maps cornerstone pixel positions to pixel-centred prompt points and back', () => {
    expect(promptPoint({ x: 3.5, y: 2.5 }, size)).toEqual({ x: 3, y: 2 });
    expect(promptPoint({ x: 0.1, y: 7.99 }, size)).toEqual({ x: 0, y: 7 });
    expect(displayPoint({ x: 3, y: 2 })).toEqual({ x: 3.5, y: 2.5 });
    expect(insideImage({ x: 9.9, y: 0 }, size)).toBe(true);
    expect(insideImage({ x: 10, y: 0 }, size)).toBe(false);
    expect(insideImage({ x: -0.1, y: 3 }, size)).toBe(false);
  });

  it('turns a drag in any direction into the box of pixels it covers, clipped', () => {
    expect(boxFromDrag({ x: 6.2, y: 5.5 }, { x: 2.5, y: 1.2 }, size)).toEqual({ x1: 2, y1: 1, x2: 6, y2: 5 });
    expect(boxFromDrag({ x: -5, y: -5 }, { x: 30, y: 3 }, size)).toEqual({ x1: 0, y1: 0, x2: 9, y2: 2 });
    expect(boxFromDrag({ x: 20, y: 1 }, { x: 30, y: 3 }, size)).toBeNull();
    expect(boxRect({ x1: 2, y1: 1, x2: 6, y2: 5 })).toEqual({ x: 2, y: 1, width: 5, height: 5 });
  });
});
