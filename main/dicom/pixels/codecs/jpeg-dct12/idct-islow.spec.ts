// The integer islow IDCT against the inverse DCT of T.81 A.3.3 computed in floating point: within one
// level everywhere, almost always equal, at 8 and at 12 bits. (Sample-for-sample agreement with
// libjpeg's islow is shown elsewhere: against libjpeg-turbo in decoder.spec.ts, against DCMTK in
// tests/integration/decode-conformance.spec.ts.)
import { describe, expect, it } from 'vitest';
import { random } from '../../spec-support/test-images';
import { makeIslowIdct } from './idct-islow';

function referenceIdct(coefs: Int16Array, quant: Uint16Array, precision: number): number[] {
  const max = (1 << precision) - 1;
  const center = 1 << (precision - 1);
  const out: number[] = [];
  for (let y = 0; y < 8; y += 1)
    for (let x = 0; x < 8; x += 1) {
      let s = 0;
      for (let v = 0; v < 8; v += 1)
        for (let u = 0; u < 8; u += 1) {
          const cu = u === 0 ? Math.SQRT1_2 : 1;
          const cv = v === 0 ? Math.SQRT1_2 : 1;
          s += cu * cv * coefs[v * 8 + u]! * quant[v * 8 + u]! * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
        }
      out.push(Math.min(max, Math.max(0, Math.round(s / 4 + center))));
    }
  return out;
}

function forwardDct(samples: number[], quant: Uint16Array, center: number): Int16Array {
  const out = new Int16Array(64);
  for (let v = 0; v < 8; v += 1)
    for (let u = 0; u < 8; u += 1) {
      let s = 0;
      for (let y = 0; y < 8; y += 1)
        for (let x = 0; x < 8; x += 1) s += (samples[y * 8 + x]! - center) * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
      const c = (u === 0 ? Math.SQRT1_2 : 1) * (v === 0 ? Math.SQRT1_2 : 1) * 0.25;
      out[v * 8 + u] = Math.round((s * c) / quant[v * 8 + u]!);
    }
  return out;
}

describe.each([8, 12] as const)('islow IDCT, %i-bit', (precision) => {
  const idct = makeIslowIdct(precision);
  const max = (1 << precision) - 1;
  const center = 1 << (precision - 1);
  const run = (coefs: Int16Array, quant: Uint16Array) => {
    const out = new Uint16Array(8 * 10);
    idct(coefs, 0, quant, out, 1, 10); // offset and stride: the block lands where it is told to
    return Array.from({ length: 64 }, (_, i) => out[1 + (i >> 3) * 10 + (i & 7)]!);
  };

  it('agrees with the floating-point inverse DCT within one level', () => {
    const rnd = random(precision);
    let worst = 0;
    let differing = 0;
    for (let trial = 0; trial < 600; trial += 1) {
      // Image-like blocks (a gradient, texture and noise), quantised with unit to coarse tables.
      const scale = [1, 2, 8, 30][trial % 4]!;
      const quant = Uint16Array.from({ length: 64 }, (_, i) => Math.max(1, Math.round((1 + (i >> 3) + (i & 7)) * scale * (precision === 12 ? 1 : 0.25))));
      const base = rnd() * max;
      const gx = (rnd() - 0.5) * max * 0.1;
      const gy = (rnd() - 0.5) * max * 0.1;
      const amp = rnd() * max * 0.2;
      const samples = Array.from({ length: 64 }, (_, i) => Math.min(max, Math.max(0, Math.round(base + gx * (i & 7) + gy * (i >> 3) + amp * (rnd() - 0.5)))));
      const coefs = forwardDct(samples, quant, center);
      const ours = run(coefs, quant);
      const reference = referenceIdct(coefs, quant, precision);
      for (let i = 0; i < 64; i += 1) {
        const d = Math.abs(ours[i]! - reference[i]!);
        worst = Math.max(worst, d);
        if (d) differing += 1;
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(differing / (600 * 64)).toBeLessThan(0.05);
  });

  it('agrees within one level on random sparse coefficients too', () => {
    const rnd = random(100 + precision);
    const quant = new Uint16Array(64).fill(1);
    let worst = 0;
    for (let trial = 0; trial < 300; trial += 1) {
      const coefs = new Int16Array(64);
      const range = precision === 12 ? 600 : 40;
      for (let n = 0; n < 6; n += 1) coefs[Math.floor(rnd() * 64)] = Math.round((rnd() - 0.5) * range);
      coefs[0] = Math.round((rnd() - 0.5) * 4 * center);
      const ours = run(coefs, quant);
      const reference = referenceIdct(coefs, quant, precision);
      for (let i = 0; i < 64; i += 1) worst = Math.max(worst, Math.abs(ours[i]! - reference[i]!));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('turns a DC-only block into a flat one and clamps to the sample range', () => {
    const quant = new Uint16Array(64).fill(4);
    const dc = (value: number) => {
      const coefs = new Int16Array(64);
      coefs[0] = value;
      return run(coefs, quant);
    };
    expect(new Set(dc(0))).toEqual(new Set([center]));
    expect(new Set(dc(20))).toEqual(new Set([center + 10])); // 20 × 4 / 8
    expect(new Set(dc(-21))).toEqual(new Set([center - 10])); // -10.5 rounds up, as libjpeg's DESCALE does
    expect(new Set(dc(4 * center))).toEqual(new Set([max]));
    expect(new Set(dc(-4 * center))).toEqual(new Set([0]));
  });
});
