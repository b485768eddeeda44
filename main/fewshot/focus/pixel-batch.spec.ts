// The batch layout (focus views 0..N−1, originals N..2N−1) and the normalisation values.
import { describe, expect, it } from 'vitest';
import type { SegmentImage } from '../../segmentation/types';
import { focusAndOriginal } from './focus-view';
import { buildPixelBatch } from './pixel-batch';
import { DEFAULT_CLIP_PREPROCESS, OPENAI_CLIP_MEAN, OPENAI_CLIP_STD, type ClipPreprocess } from './preprocess-config';

const PRE: ClipPreprocess = { ...DEFAULT_CLIP_PREPROCESS, resize: { kind: 'shortest-edge', size: 32 }, crop: { width: 32, height: 32 } };
const PER = 3 * 32 * 32;

function grey(w: number, h: number, value: (x: number, y: number) => number): SegmentImage {
  const g = new Uint8Array(w * h);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) g[y * w + x] = value(x, y);
  return { width: w, height: h, grey: g };
}

function boxMask(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) m[y * w + x] = 1;
  return m;
}

describe('buildPixelBatch', () => {
  it('normalises a flat grey image with CLIP mean and std per channel', () => {
    const { data, dims } = buildPixelBatch([{ image: grey(40, 50, () => 128), mask: new Uint8Array(2000) }], 'overlay', PRE);
    expect(dims).toEqual([2, 3, 32, 32]);
    for (let c = 0; c < 3; c += 1) {
      const expected = (128 / 255 - OPENAI_CLIP_MEAN[c]!) / OPENAI_CLIP_STD[c]!;
      expect(data[c * 1024 + 500]).toBeCloseTo(expected, 5);
      expect(data[PER + c * 1024 + 500]).toBeCloseTo(expected, 5);
    }
  });

  it('puts focus views at 0..N−1 and originals at N..2N−1', () => {
    const items = [
      { image: grey(48, 40, (x) => x * 5), mask: boxMask(48, 40, 10, 10, 20, 20) },
      { image: grey(40, 64, (_x, y) => y * 3), mask: boxMask(40, 64, 5, 30, 30, 50) },
      { image: grey(33, 33, () => 90), mask: new Uint8Array(33 * 33) },
    ];
    const { data, dims } = buildPixelBatch(items, 'dim-outside', PRE);
    expect(dims).toEqual([6, 3, 32, 32]);
    const norm = (v: Float32Array): Float32Array => {
      const out = new Float32Array(PER);
      for (let c = 0; c < 3; c += 1) for (let i = 0; i < 1024; i += 1) out[c * 1024 + i] = (v[c * 1024 + i]! - OPENAI_CLIP_MEAN[c]!) / OPENAI_CLIP_STD[c]!;
      return out;
    };
    items.forEach((item, i) => {
      const views = focusAndOriginal(item.image, item.mask, 'dim-outside', PRE);
      const focus = data.subarray(i * PER, (i + 1) * PER);
      const original = data.subarray((3 + i) * PER, (4 + i) * PER);
      norm(views.focus.data).forEach((v, k) => expect(Math.abs(focus[k]! - v)).toBeLessThan(1e-5));
      norm(views.original.data).forEach((v, k) => expect(Math.abs(original[k]! - v)).toBeLessThan(1e-5));
    });
    // A masked item's focus view differs from its original; the empty-mask item's does not.
    expect(data.subarray(0, PER)).not.toEqual(data.subarray(3 * PER, 4 * PER));
    expect(data.subarray(2 * PER, 3 * PER)).toEqual(data.subarray(5 * PER, 6 * PER));
  });

  it('refuses a mask of the wrong size, naming the item', () => {
    expect(() => buildPixelBatch([{ image: grey(10, 10, () => 0), mask: new Uint8Array(99) }], 'overlay', PRE)).toThrow(/Image 0: the mask has 99 bytes/);
  });

  it('gives an empty batch for no items', () => {
    expect(buildPixelBatch([], 'crop', PRE).dims).toEqual([0, 3, 32, 32]);
  });
});
