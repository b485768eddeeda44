// CLIP's geometry on non-square images: HF's sizes (long side truncated, crop offset floor-divided),
// and the image and its mask landing on the same output pixel.
import { describe, expect, it } from 'vitest';
import { geometryFor, geometryImage, geometryMask } from './geometry';
import { DEFAULT_CLIP_PREPROCESS, fromHfPreprocessorConfig, fromOpenClipPreprocessCfg, type ClipPreprocess } from './preprocess-config';

const SMALL: ClipPreprocess = { ...DEFAULT_CLIP_PREPROCESS, resize: { kind: 'shortest-edge', size: 32 }, crop: { width: 32, height: 32 } };

function argmax(a: Float32Array, from = 0, to = a.length): number {
  let best = from;
  for (let i = from; i < to; i += 1) if (a[i]! > a[best]!) best = i;
  return best - from;
}

function centroid(a: Float32Array, w = 32): { x: number; y: number } {
  let sx = 0;
  let sy = 0;
  let total = 0;
  for (let i = 0; i < a.length; i += 1) {
    sx += a[i]! * (i % w);
    sy += a[i]! * Math.floor(i / w);
    total += a[i]!;
  }
  return { x: sx / total, y: sy / total };
}

/** A w × h grey image and mask, both set on a 3 × 3 block centred at (cx, cy). */
function marked(w: number, h: number, cx: number, cy: number): { grey: Uint8Array; mask: Uint8Array } {
  const grey = new Uint8Array(w * h);
  const mask = new Uint8Array(w * h);
  for (let y = cy - 1; y <= cy + 1; y += 1) {
    for (let x = cx - 1; x <= cx + 1; x += 1) {
      grey[y * w + x] = 255;
      mask[y * w + x] = 1;
    }
  }
  return { grey, mask };
}

describe('geometryFor', () => {
  it('resizes the shortest side and truncates the long one, as HF does', () => {
    expect(geometryFor(90, 60, DEFAULT_CLIP_PREPROCESS)).toEqual({ resizedWidth: 336, resizedHeight: 224, left: 56, top: 0, width: 224, height: 224 });
    expect(geometryFor(60, 91, DEFAULT_CLIP_PREPROCESS)).toEqual({ resizedWidth: 224, resizedHeight: 339, left: 0, top: 57, width: 224, height: 224 });
    // 224 · 100 / 70 = 320.0 exactly; 224 · 101 / 70 = 323.2 → 323; (323 − 224) // 2 = 49.
    expect(geometryFor(101, 70, DEFAULT_CLIP_PREPROCESS).resizedWidth).toBe(323);
    expect(geometryFor(101, 70, DEFAULT_CLIP_PREPROCESS).left).toBe(49);
  });
});

describe('image and mask share the geometry', () => {
  for (const [w, h, cx, cy] of [
    [90, 60, 61, 21],
    [60, 90, 21, 61],
    [20, 13, 14, 4],
  ] as const) {
    it(`${w} × ${h}: the marked pixel and its mask pixel land on the same output pixel`, () => {
      const { grey, mask } = marked(w, h, cx, cy);
      const g = geometryFor(w, h, SMALL);
      const img = geometryImage({ width: w, height: h, grey }, SMALL, g);
      const m = geometryMask(mask, w, h, SMALL, g);
      const plane = 32 * 32;
      const at = argmax(img.data, 0, plane);
      expect(argmax(m)).toBe(at);
      // Both centroids sit where the geometry puts the block's centre: (c + 0.5) scaled by the
      // resize, minus the crop offset, in pixel-centre coordinates (− 0.5).
      const sx = g.resizedWidth / w;
      const sy = g.resizedHeight / h;
      const ci = centroid(img.data.subarray(0, plane));
      const cm = centroid(m);
      expect(Math.abs(ci.x - cm.x)).toBeLessThan(0.05);
      expect(Math.abs(ci.y - cm.y)).toBeLessThan(0.05);
      expect(ci.x).toBeCloseTo((cx + 0.5) * sx - g.left - 0.5, 0);
      expect(ci.y).toBeCloseTo((cy + 0.5) * sy - g.top - 0.5, 0);
      // Grey is replicated to three identical channels; the mask stays in [0, 1].
      expect(img.data.subarray(plane, 2 * plane)).toEqual(img.data.subarray(0, plane));
      expect(img.data.subarray(2 * plane)).toEqual(img.data.subarray(0, plane));
      expect(Math.min(...m)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...m)).toBeLessThanOrEqual(1);
    });
  }

  it('keeps RGB channels apart', () => {
    const w = 40;
    const h = 30;
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i += 1) rgb.set([200, 100, 50], i * 3);
    const img = geometryImage({ width: w, height: h, rgb }, SMALL);
    expect(img.data[0]).toBeCloseTo(200 / 255, 6);
    expect(img.data[1024]).toBeCloseTo(100 / 255, 6);
    expect(img.data[2048]).toBeCloseTo(50 / 255, 6);
  });
});

describe('preprocessing config', () => {
  it('reads the transformers.js (Xenova) style', () => {
    const pre = fromHfPreprocessorConfig({ crop_size: 64, do_center_crop: true, do_normalize: true, do_resize: true, image_mean: [0.5, 0.5, 0.5], image_std: [0.25, 0.25, 0.25], resample: 2, size: 72 });
    expect(pre.resize).toEqual({ kind: 'shortest-edge', size: 72 });
    expect(pre.crop).toEqual({ width: 64, height: 64 });
    expect(pre.resample).toBe('bilinear');
    expect(pre.mean).toEqual([0.5, 0.5, 0.5]);
  });

  it('reads the newer dict style and defaults to OpenAI CLIP', () => {
    const pre = fromHfPreprocessorConfig({ size: { shortest_edge: 224 }, crop_size: { height: 224, width: 224 } });
    expect(pre).toEqual(DEFAULT_CLIP_PREPROCESS);
  });

  it("reads open_clip's preprocess_cfg.json", () => {
    const pre = fromOpenClipPreprocessCfg({ size: [224, 224], mode: 'RGB', mean: [0.1, 0.2, 0.3], std: [1, 1, 1], interpolation: 'bicubic', resize_mode: 'shortest', fill_color: 0 });
    expect(pre.resize).toEqual({ kind: 'shortest-edge', size: 224 });
    expect(pre.crop).toEqual({ width: 224, height: 224 });
    expect(pre.mean).toEqual([0.1, 0.2, 0.3]);
  });

  it('names the file and the field when a value is wrong', () => {
    expect(() => fromHfPreprocessorConfig({ resample: 9 }, '/m/preprocessor_config.json')).toThrow(/preprocessor_config\.json: unknown resample filter 9/);
    expect(() => fromHfPreprocessorConfig({ image_std: [1, 2] })).toThrow(/image_std must be three numbers/);
    expect(() => fromHfPreprocessorConfig({ size: 224, do_center_crop: false })).toThrow(/shortest edge without a centre crop/);
  });
});
