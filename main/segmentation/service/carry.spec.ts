import { describe, expect, it } from 'vitest';
import { planCarry } from './carry';
import type { StoredResult } from './result-cache';

/** A grey image with a bright disc (200 on 40). */
function discImage(width: number, height: number, cx: number, cy: number, r: number, inside = 200) {
  const grey = new Uint8Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const on = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      grey[y * width + x] = on ? inside : 40;
      mask[y * width + x] = on ? 1 : 0;
    }
  }
  return { width, height, grey, mask };
}

function stored(mask: Uint8Array, width: number, height: number, engine: 'sam2' | 'growcut'): StoredResult {
  return {
    resultId: 'r',
    target: { SOPInstanceUID: '1.2', frame: 0 },
    width,
    height,
    mask,
    areaPx: mask.reduce((a, v) => a + v, 0),
    lowResLogits: { width: 4, height: 4, data: new Float32Array(16).fill(1) },
    engine,
    modelId: engine === 'sam2' ? 'tiny' : 'growcut',
    greyRange: { lo: 200, hi: 200 },
  };
}

describe('planCarry', () => {
  const source = discImage(100, 80, 50, 40, 12);

  it('gives SAM2 the grown box and the low-res logits as mask input', () => {
    const from = stored(source.mask, 100, 80, 'sam2');
    const plan = planCarry(from, discImage(100, 80, 52, 41, 12), 'sam2');
    expect(plan).toEqual({ kind: 'prompts', prompts: { points: [], box: { x1: 35, y1: 25, x2: 65, y2: 55 } }, previous: { lowResLogits: from.lowResLogits } });
  });

  it('gives GrowCut points deep inside the old mask where the new slice looks alike, and the box', () => {
    const plan = planCarry(stored(source.mask, 100, 80, 'growcut'), discImage(100, 80, 52, 41, 11), 'growcut');
    if (plan.kind !== 'prompts') throw new Error('expected prompts');
    expect(plan.previous).toBeNull();
    expect(plan.prompts.box).toEqual({ x1: 35, y1: 25, x2: 65, y2: 55 });
    expect(plan.prompts.points.length).toBeGreaterThan(0);
    for (const p of plan.prompts.points) {
      expect(p.label).toBe(1);
      expect(Math.hypot(p.x - 50, p.y - 40)).toBeLessThan(7);
    }
  });

  it('scales box and points to a frame of another size', () => {
    const plan = planCarry(stored(source.mask, 100, 80, 'growcut'), discImage(200, 160, 100, 80, 24), 'growcut');
    if (plan.kind !== 'prompts') throw new Error('expected prompts');
    expect(plan.prompts.box).toEqual({ x1: 70, y1: 50, x2: 131, y2: 111 });
    expect(Math.hypot(plan.prompts.points[0]!.x - 100.5, plan.prompts.points[0]!.y - 80.5)).toBeLessThan(3);
  });

  it('says the finding has ended when nothing under the old mask looks alike any more', () => {
    const plan = planCarry(stored(source.mask, 100, 80, 'growcut'), discImage(100, 80, 50, 40, 12, 90), 'growcut');
    expect(plan).toMatchObject({ kind: 'vanished', reason: expect.stringMatching(/grey 90, where the mask covered 200–200/) });
  });
});
