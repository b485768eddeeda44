import { describe, expect, it } from 'vitest';
import type { Head } from '../types';
import { headFeature, predictProbabilities, zeroShotHead } from './predict';
import { unit } from './toy-problems';

describe('scoring', () => {
  const anchors = [unit([1, 0, 0]), unit([0, 1, 0])];

  it('a zero-shot head scores the focus view (or the full image) against the text anchors', () => {
    const head = zeroShotHead({ classes: ['a', 'b'], anchors, logitScale: 10 });
    expect(head).toMatchObject({ view: 'zero-shot', zeroShotInput: 'focus', steps: 0, dims: 3 });
    const embedding = { focus: unit([0.9, 0.1, 0]), full: unit([0.1, 0.9, 0]) };
    const p = predictProbabilities(head, embedding);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 6);
    // softmax(10·[cos 0.9/‖·‖, 0.1/‖·‖]).
    const n = Math.hypot(0.9, 0.1);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(10 * (0.1 - 0.9) / n)), 6);
    const full = predictProbabilities(zeroShotHead({ classes: ['a', 'b'], anchors, logitScale: 10 }, 'full'), embedding);
    expect(full[1]).toBeGreaterThan(0.5);
  });

  it('fuses focus and full with a = sigmoid(θ), and standardises radiomics before normalising', () => {
    const fused: Head = { ...zeroShotHead({ classes: ['a', 'b'], anchors, logitScale: 10 }), view: 'fused', stage: 1, theta: Math.log(3) };
    // a = 0.75: h = 0.75·e0 + 0.25·e1.
    const f = headFeature(fused, { focus: unit([1, 0, 0]), full: unit([0, 1, 0]) });
    const n = Math.hypot(0.75, 0.25);
    expect(Array.from(f)).toEqual([0.75 / n, 0.25 / n, 0].map((x) => expect.closeTo(x, 12) as unknown as number));
    const mask: Head = { ...fused, engine: 'radiomics', view: 'mask', standardize: { mean: Float32Array.from([10, 0, 0]), std: Float32Array.from([2, 1, 1]) } };
    const g = headFeature(mask, { focus: Float32Array.from([14, 0, 0]), full: null });
    expect(Array.from(g)).toEqual([1, 0, 0]);
  });

  it('refuses an embedding the head cannot score', () => {
    const head: Head = { ...zeroShotHead({ classes: ['a', 'b'], anchors, logitScale: 10 }), view: 'fused', stage: 1 };
    expect(() => predictProbabilities(head, { focus: unit([1, 0, 0]), full: null })).toThrow(/no full-image vector/);
    expect(() => predictProbabilities(head, { focus: new Float32Array(4), full: new Float32Array(4) })).toThrow(/has 4 values but the head expects 3/);
    expect(() => zeroShotHead({ classes: ['a'], anchors: [anchors[0]!], logitScale: 1 })).toThrow(/at least two classes/);
  });
});
