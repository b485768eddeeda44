// Zero-shot scoring maths: softmax of s · cosine, and the checks at its boundary.
import { describe, expect, it } from 'vitest';
import { l2Normalise, zeroShotProbabilities } from './zero-shot';

describe('zeroShotProbabilities', () => {
  it('is the softmax of logit scale × cosine', () => {
    const img = l2Normalise(Float32Array.from([1, 1, 0]));
    const a = Float32Array.from([1, 0, 0]);
    const b = Float32Array.from([0, 0, 1]);
    const p = zeroShotProbabilities(img, [a, b], 100);
    const la = 100 * Math.SQRT1_2;
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-la)), 12);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
    expect(zeroShotProbabilities(img, [a, b], 1)[0]).toBeCloseTo(Math.exp(Math.SQRT1_2) / (Math.exp(Math.SQRT1_2) + 1), 6);
  });

  it('normalises, leaving a zero vector at zero, and checks sizes', () => {
    expect([...l2Normalise(Float32Array.from([3, 4]))]).toEqual([0.6000000238418579, 0.800000011920929]);
    expect([...l2Normalise(new Float32Array(2))]).toEqual([0, 0]);
    expect(() => zeroShotProbabilities(new Float32Array(2), [new Float32Array(3)], 100)).toThrow(/3 dimensions, the image 2/);
    expect(() => zeroShotProbabilities(new Float32Array(2), [], 100)).toThrow(/at least one class/);
  });
});
