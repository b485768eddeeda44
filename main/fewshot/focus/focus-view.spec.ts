// Each focus mode's formula at chosen pixels, on the exact planes the geometry produces.
import { describe, expect, it } from 'vitest';
import type { FocusMode } from '../../../common/domain';
import type { SegmentImage } from '../../segmentation/types';
import { BLUR_FRACTION, CROP_MARGIN, CROP_MIN_SIDE, DIM_OUTSIDE, OVERLAY_COLOUR, cropRegion, focusAndOriginal } from './focus-view';
import { geometryImage, geometryMask } from './geometry';
import { DEFAULT_CLIP_PREPROCESS, type ClipPreprocess } from './preprocess-config';
import { gaussianBlur, softMask } from './soft-mask';

const PRE: ClipPreprocess = { ...DEFAULT_CLIP_PREPROCESS, resize: { kind: 'shortest-edge', size: 64 }, crop: { width: 64, height: 64 } };
const W = 96;
const H = 72;
const PLANE = 64 * 64;

/** RGB with a texture (so blur changes it) and a bright block where the mask is. */
function testItem(): { image: SegmentImage; mask: Uint8Array } {
  const rgb = new Uint8Array(W * H * 3);
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y += 1) {
    for (let x = 0; x < W; x += 1) {
      const inside = x >= 40 && x < 60 && y >= 24 && y < 44;
      const i = (y * W + x) * 3;
      rgb[i] = inside ? 220 : (x * 7) % 256;
      rgb[i + 1] = inside ? 200 : (y * 11) % 256;
      rgb[i + 2] = ((x + y) * 5) % 256;
      if (inside) mask[y * W + x] = 1;
    }
  }
  return { image: { width: W, height: H, rgb }, mask };
}

const item = testItem();
const x = geometryImage(item.image, PRE);
const m = softMask(geometryMask(item.mask, W, H, PRE), 64, 64);
// Pixels: deep inside, on the feathered rim, far outside.
const PIXELS = [32 * 64 + 32, 0, 63 * 64 + 63, 17 * 64 + 20, 30 * 64 + 45].filter((i) => i >= 0);

function view(mode: FocusMode): Float32Array {
  return focusAndOriginal(item.image, item.mask, mode, PRE).focus.data;
}

describe('focus modes', () => {
  it('chooses pixels that cover m = 1, 0 < m < 1 and m = 0', () => {
    const ms = PIXELS.map((i) => m[i]!);
    expect(ms.some((v) => v > 0.999)).toBe(true);
    expect(ms.some((v) => v > 0.01 && v < 0.99)).toBe(true);
    expect(ms.some((v) => v < 1e-6)).toBe(true);
  });

  it("overlay: (1 − 0.5m)·x + 0.5m·c with SAM's fixed blue", () => {
    const f = view('overlay');
    for (const i of PIXELS) for (let c = 0; c < 3; c += 1) {
      const xi = x.data[c * PLANE + i]!;
      expect(f[c * PLANE + i]).toBeCloseTo((1 - 0.5 * m[i]!) * xi + 0.5 * m[i]! * OVERLAY_COLOUR[c]!, 5);
    }
  });

  it('dim-outside: m·x + (1 − m)·0.3·x', () => {
    const f = view('dim-outside');
    for (const i of PIXELS) for (let c = 0; c < 3; c += 1) {
      const xi = x.data[c * PLANE + i]!;
      expect(f[c * PLANE + i]).toBeCloseTo(m[i]! * xi + (1 - m[i]!) * DIM_OUTSIDE * xi, 5);
    }
  });

  it('blur-outside: m·x + (1 − m)·blur(x), σ = 0.1 × input size', () => {
    const f = view('blur-outside');
    for (let c = 0; c < 3; c += 1) {
      const blurred = gaussianBlur(x.data.slice(c * PLANE, (c + 1) * PLANE), 64, 64, BLUR_FRACTION * 64);
      for (const i of PIXELS) {
        const xi = x.data[c * PLANE + i]!;
        expect(f[c * PLANE + i]).toBeCloseTo(m[i]! * xi + (1 - m[i]!) * blurred[i]!, 5);
      }
      // Outside the mask the texture is smoothed away: the view differs from x there.
      expect(Math.abs(f[c * PLANE + 0]! - x.data[c * PLANE + 0]!)).toBeGreaterThan(0.01);
    }
  });

  it('blur-outside on a grey image gives three equal planes with the same formula', () => {
    const grey = new Uint8Array(W * H);
    for (let i = 0; i < grey.length; i += 1) grey[i] = item.image.rgb![i * 3]!;
    const image = { width: W, height: H, grey };
    const gx = geometryImage(image, PRE);
    const f = focusAndOriginal(image, item.mask, 'blur-outside', PRE).focus.data;
    const blurred = gaussianBlur(gx.data.slice(0, PLANE), 64, 64, BLUR_FRACTION * 64);
    for (const i of PIXELS) for (let c = 0; c < 3; c += 1) expect(f[c * PLANE + i]).toBeCloseTo(m[i]! * gx.data[i]! + (1 - m[i]!) * blurred[i]!, 5);
  });

  it('crop: the mask box plus margin, square, fills the view', () => {
    const r = cropRegion(item.mask, W, H)!;
    // 20 px box + 15 % each side = 26 px, raised to the 32 px minimum.
    const side = Math.max(CROP_MIN_SIDE, Math.round(20 * (1 + 2 * CROP_MARGIN)));
    expect(side).toBe(32);
    expect(r).toEqual({ x: 50 - side / 2, y: 34 - side / 2, width: side, height: side });
    const f = view('crop');
    // Centre of the view is the bright block (220, 200, ...); a corner is the margin's texture.
    expect(f[32 * 64 + 32]).toBeCloseTo(220 / 255, 2);
    expect(f[PLANE + 32 * 64 + 32]).toBeCloseTo(200 / 255, 2);
    expect(Math.abs(f[0]! - 220 / 255)).toBeGreaterThan(0.05);
  });

  it('crop keeps its square inside the image for a mask at the border', () => {
    const mask = new Uint8Array(W * H);
    mask[0] = 1;
    mask[W * H - 1] = 1;
    expect(cropRegion(mask, W, H)).toEqual({ x: 12, y: 0, width: 72, height: 72 });
    const corner = new Uint8Array(W * H);
    corner[W - 1] = 1;
    expect(cropRegion(corner, W, H)).toEqual({ x: W - 32, y: 0, width: 32, height: 32 });
  });

  it('an empty mask gives the original in every mode', () => {
    const empty = new Uint8Array(W * H);
    for (const mode of ['overlay', 'blur-outside', 'dim-outside', 'crop'] as const) {
      const views = focusAndOriginal(item.image, empty, mode, PRE);
      expect(views.focus.data).toEqual(views.original.data);
    }
  });
});
