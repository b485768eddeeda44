import { describe, expect, it } from 'vitest';
import { cloneMask, emptyMask, maskArea, maskBounds, maskOutline, paintDisc, paintSegment } from './mask';

function fromRows(rows: string[]) {
  const mask = emptyMask(rows[0]!.length, rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (mask.data[y * mask.width + x] = c === '#' ? 1 : 0)));
  return mask;
}

/** Total outline length (sum of segment lengths). */
function perimeter(segments: Float32Array): number {
  let total = 0;
  for (let i = 0; i < segments.length; i += 4) total += Math.hypot(segments[i + 2]! - segments[i]!, segments[i + 3]! - segments[i + 1]!);
  return total;
}

describe('masks', () => {
  it('counts area and finds bounds', () => {
    const mask = fromRows(['....', '.##.', '.#..', '....']);
    expect(maskArea(mask)).toBe(3);
    expect(maskBounds(mask)).toEqual({ x1: 1, y1: 1, x2: 2, y2: 2 });
    expect(maskBounds(emptyMask(3, 3))).toBeNull();
  });

  it('clones without sharing pixels', () => {
    const mask = fromRows(['#.']);
    const copy = cloneMask(mask);
    copy.data[1] = 1;
    expect(maskArea(mask)).toBe(1);
    expect(maskArea(copy)).toBe(2);
  });

  it('paints and erases a disc by pixel centres, clipped at the edges, reporting the change', () => {
    const mask = emptyMask(9, 9);
    expect(paintDisc(mask, 4, 4, 1, 1)).toBe(5); // the centre and its four neighbours
    expect(paintDisc(mask, 4, 4, 1, 1)).toBe(0);
    expect(paintDisc(mask, 0, 0, 2, 1)).toBe(6); // a quarter disc of radius 2 in the corner
    expect(paintDisc(mask, 4, 4, 0.2, 0)).toBe(-1); // at least the pixel under the pointer
    expect(maskArea(mask)).toBe(10);
  });

  it('paints a stroke without gaps', () => {
    const mask = emptyMask(40, 5);
    paintSegment(mask, { x: 2, y: 2 }, { x: 37, y: 2 }, 1, 1);
    for (let x = 2; x <= 37; x += 1) expect(mask.data[2 * 40 + x]).toBe(1);
  });

  it('outlines along pixel edges, merging runs', () => {
    const square = fromRows(['....', '.##.', '.##.', '....']);
    const outline = maskOutline(square);
    expect(outline.length / 4).toBe(4); // one run per side
    expect(perimeter(outline)).toBe(8);
    expect([...outline.slice(0, 4)]).toEqual([1, 1, 3, 1]);
    const ring = fromRows(['###', '#.#', '###']);
    expect(perimeter(maskOutline(ring))).toBe(16); // 12 outside + 4 around the hole
    expect(maskOutline(emptyMask(4, 4)).length).toBe(0);
  });
});
