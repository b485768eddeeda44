// The mask post-processing against PyTorch's F.interpolate(bilinear, align_corners=False) semantics,
// worked by hand on small grids (ORT's Resize is cross-checked in sam2-engine.spec.ts).
import { describe, expect, it } from 'vitest';
import { resizeLogits, shrinkLogits, thresholdLogits, upsampleToMask } from './logits';

describe('resizeLogits', () => {
  it('samples at half-pixel centres and clamps the source index at the edges', () => {
    // 2 → 4: sources −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last cell).
    const out = resizeLogits(Float32Array.from([0, 8]), 2, 1, 4, 1);
    expect(Array.from(out)).toEqual([0, 2, 6, 8]);
  });

  it('shrinks by plain bilinear sampling (no antialias), like F.interpolate', () => {
    // 4 → 2: sources 0.5 and 2.5 → means of neighbouring pairs.
    const out = resizeLogits(Float32Array.from([0, 2, 4, 6]), 4, 1, 2, 1);
    expect(Array.from(out)).toEqual([1, 5]);
  });

  it('works in two dimensions', () => {
    const src = Float32Array.from([0, 10, 20, 30]); // 2 × 2
    const out = resizeLogits(src, 2, 2, 3, 3);
    // centre pixel: source (0.5, 0.5) → mean of all four
    expect(out[4]).toBeCloseTo(15);
    expect(out[0]).toBeCloseTo(0);
    expect(out[8]).toBeCloseTo(30);
  });
});

describe('upsampleToMask', () => {
  it('equals resize then > 0, including exactly-zero values staying out', () => {
    const src = Float32Array.from([-3, 1, 2, -1, 0, 5, 4, -2, -8]);
    const up = resizeLogits(src, 3, 3, 7, 5);
    const mask = upsampleToMask(src, 3, 3, 7, 5);
    expect(Array.from(mask)).toEqual(Array.from(up).map((v) => (v > 0 ? 1 : 0)));
    expect(Array.from(upsampleToMask(new Float32Array(4), 2, 2, 4, 4))).toEqual(new Array(16).fill(0));
  });
});

describe('thresholdLogits and shrinkLogits', () => {
  it('thresholds one of several full-size masks', () => {
    const data = Float32Array.from([1, -1, 0, 2, /* second mask */ -1, 1, 1, -1]);
    expect(Array.from(thresholdLogits(data, 4, 4))).toEqual([0, 1, 1, 0]);
  });

  it('box-averages full-size logits onto the grid and clamps to ±32', () => {
    const full = Float32Array.from([100, 100, -4, -4, 100, 100, -4, -4]); // 4 × 2
    expect(Array.from(shrinkLogits(full, 0, 4, 2, 2, 1))).toEqual([32, -4]);
  });
});
