// Pillow's resampling, checked against values worked out by hand from Keys' cubic (a = −0.5) and the
// triangle filter with Pillow's tap placement (precompute_coeffs), including the clamp to a byte.
import { describe, expect, it } from 'vitest';
import { axisTaps, bicubicKernel, resizeBytes, resizeFloat } from './resample';

describe('bicubic kernel', () => {
  it('is Keys a = −0.5', () => {
    expect(bicubicKernel(0)).toBe(1);
    expect(bicubicKernel(1)).toBeCloseTo(0, 15);
    expect(bicubicKernel(2)).toBeCloseTo(0, 15);
    expect(bicubicKernel(0.25)).toBeCloseTo(0.8671875, 12);
    expect(bicubicKernel(0.75)).toBeCloseTo(0.2265625, 12);
    expect(bicubicKernel(1.25)).toBeCloseTo(-0.0703125, 12);
    expect(bicubicKernel(-1.5)).toBeCloseTo(-0.0625, 12);
  });
});

describe('resizeBytes (Pillow 8-bit)', () => {
  it('enlarges 2 → 4 with bicubic as worked out by hand, clamping at 0', () => {
    // o=0: centre 0.25, taps k(0.25), k(1.25) normalised → 200·1.08824 + 10·(−0.08824) = 216.76
    // o=1: centre 0.75, taps k(−0.25), k(0.75) → 200·0.79286 + 10·0.20714 = 160.64
    // o=2: mirror → 49.36; o=3: mirror of o=0 → −6.76 → 0
    const out = resizeBytes(Uint8Array.from([200, 10]), 2, 1, 4, 1, 'bicubic');
    expect([...out]).toEqual([217, 161, 49, 0]);
  });

  it('resizes columns the same way as rows', () => {
    const out = resizeBytes(Uint8Array.from([200, 10]), 1, 2, 1, 4, 'bicubic');
    expect([...out]).toEqual([217, 161, 49, 0]);
  });

  it('shrinks 4 → 2 with bilinear widened by the scale (antialiased)', () => {
    // o=0: centre 1, support 2: taps x=0,1,2 weights 0.75, 0.75, 0.25 → (75 + 50)/1.75 = 71.43
    // o=1: centre 3: taps x=1,2,3 weights 0.25, 0.75, 0.75 → (25 + 150 + 30)/1.75 = 117.14
    const out = resizeBytes(Uint8Array.from([0, 100, 200, 40]), 4, 1, 2, 1, 'bilinear');
    expect([...out]).toEqual([71, 117]);
    const f = resizeFloat(Float32Array.from([0, 100, 200, 40]), 4, 1, 2, 1, 'bilinear');
    expect(f[0]).toBeCloseTo(125 / 1.75, 4);
    expect(f[1]).toBeCloseTo(205 / 1.75, 4);
  });

  it('shrinks with bicubic over 2·scale taps each side', () => {
    const t = axisTaps(8, 2, 'bicubic');
    // scale 4 → support 8, taps = 17; output 0 centred at 2 reads 0..min(8, 10) − 0 = 8 inputs.
    expect(t.taps).toBe(17);
    expect(t.start[0]).toBe(0);
    expect(t.count[0]).toBe(8);
    let sum = 0;
    for (let i = 0; i < 8; i += 1) sum += t.weights[i]!;
    expect(sum).toBeCloseTo(1, 12);
    // Weight of input x is k((x + 0.5 − 2) / 4), normalised.
    const raw = Array.from({ length: 8 }, (_, x) => bicubicKernel((x + 0.5 - 2) / 4));
    const total = raw.reduce((a, b) => a + b, 0);
    raw.forEach((w, x) => expect(t.weights[x]).toBeCloseTo(w / total, 12));
  });

  it('leaves a constant image constant and an unchanged size untouched', () => {
    const flat = new Uint8Array(30 * 20).fill(123);
    expect(resizeBytes(flat, 30, 20, 7, 11, 'bicubic').every((v) => v === 123)).toBe(true);
    const ramp = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    expect([...resizeBytes(ramp, 4, 3, 4, 3, 'bicubic')]).toEqual([...ramp]);
  });

  it('nearest picks the source pixel under each output centre', () => {
    expect([...resizeBytes(Uint8Array.from([1, 2, 3, 4, 5, 6]), 6, 1, 3, 1, 'nearest')]).toEqual([2, 4, 6]);
  });
});
