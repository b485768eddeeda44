// The assembled feature vector and the Featurizer: names match values one to one, every value is
// finite on ordinary and degenerate inputs, RGB reads as its Rec. 601 luma, an empty mask is the whole
// image, bad input is refused with a message, the ring sees the surroundings, scale-free features stay
// put when the image is enlarged, and the featurizer answers the seam's contract.
import { describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import type { FocusMode } from '../../../common/domain';
import { RADIOMICS_FEATURE_NAMES, RADIOMICS_VERSION, computeRadiomics, createRadiomicsFeaturizer } from './index';
import { seededRandom as random } from '../training/random';

/** A lesion of brightness `inside` on tissue of `outside`, with noise; its disc mask. */
function lesion(size: number, r: number, inside: number, outside: number, seed = 1): { grey: Uint8Array; mask: Uint8Array } {
  const rnd = random(seed);
  const grey = new Uint8Array(size * size);
  const mask = new Uint8Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const isIn = (x - c) ** 2 + (y - c) ** 2 <= r * r;
      mask[y * size + x] = isIn ? 1 : 0;
      grey[y * size + x] = Math.max(0, Math.min(255, Math.round((isIn ? inside : outside) + (rnd() - 0.5) * 10)));
    }
  }
  return { grey, mask };
}

const feature = (values: Float32Array, name: string): number => {
  const k = RADIOMICS_FEATURE_NAMES.indexOf(name);
  if (k < 0) throw new Error(`no feature ${name}`);
  return values[k]!;
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof MaskcueError ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
}

describe('computeRadiomics', () => {
  it('gives one finite value per named feature, on ordinary and degenerate regions', () => {
    expect(new Set(RADIOMICS_FEATURE_NAMES).size).toBe(RADIOMICS_FEATURE_NAMES.length);
    const { grey, mask } = lesion(64, 20, 160, 60);
    const cases: [string, Uint8Array, Uint8Array][] = [
      ['disc', grey, mask],
      ['whole image', grey, new Uint8Array(64 * 64)],
      ['constant', new Uint8Array(64 * 64).fill(128), mask],
      ['black', new Uint8Array(64 * 64), mask],
      ['four pixels in a row', grey, Uint8Array.from({ length: 64 * 64 }, (_, i) => (i >= 100 && i < 104 ? 1 : 0))],
      ['2×2 at the corner', grey, Uint8Array.from({ length: 64 * 64 }, (_, i) => (i === 0 || i === 1 || i === 64 || i === 65 ? 1 : 0))],
    ];
    for (const [label, g, m] of cases) {
      const f = computeRadiomics({ width: 64, height: 64, grey: g }, m);
      expect(f.length, label).toBe(RADIOMICS_FEATURE_NAMES.length);
      f.forEach((v, k) => expect(Number.isFinite(v), `${label}: ${RADIOMICS_FEATURE_NAMES[k]} = ${v}`).toBe(true));
    }
  });

  it('reads RGB as its Rec. 601 luma', () => {
    const { grey, mask } = lesion(48, 15, 150, 70);
    const rgb = new Uint8Array(48 * 48 * 3);
    const luma = new Uint8Array(48 * 48);
    const rnd = random(9);
    for (let i = 0; i < luma.length; i += 1) {
      const r = grey[i]!;
      const g = Math.floor(rnd() * 256);
      const b = 255 - r;
      rgb.set([r, g, b], i * 3);
      luma[i] = Math.round((299 * r + 587 * g + 114 * b) / 1000);
    }
    expect(computeRadiomics({ width: 48, height: 48, rgb }, mask)).toEqual(computeRadiomics({ width: 48, height: 48, grey: luma }, mask));
  });

  it('reads an empty mask as the whole image, and 255 as inside', () => {
    const { grey, mask } = lesion(40, 12, 150, 70);
    const image = { width: 40, height: 40, grey };
    expect(computeRadiomics(image, new Uint8Array(1600))).toEqual(computeRadiomics(image, new Uint8Array(1600).fill(1)));
    expect(computeRadiomics(image, mask.map((v) => v * 255))).toEqual(computeRadiomics(image, mask));
    const whole = computeRadiomics(image, new Uint8Array(1600));
    expect(feature(whole, 'shape_area_fraction')).toBe(1);
    // No surroundings: the ring falls back to the region itself, so no contrast.
    expect(feature(whole, 'ring_difference')).toBe(0);
  });

  it('refuses outlines under 4 pixels and masks of the wrong size, saying what to do', () => {
    const image = { width: 10, height: 10, grey: new Uint8Array(100) };
    const three = new Uint8Array(100);
    three.set([1, 1, 1], 44);
    expect(codeOf(() => computeRadiomics(image, three))).toMatch(/^INVALID_ARGUMENT: The outline is too small .*3 pixels.*at least 4/);
    expect(codeOf(() => computeRadiomics(image, new Uint8Array(99)))).toMatch(/^INVALID_ARGUMENT: The mask must have one byte per pixel/);
    expect(codeOf(() => computeRadiomics({ width: 10, height: 10, grey: new Uint8Array(50) }, new Uint8Array(100)))).toMatch(/^INVALID_ARGUMENT/);
  });

  it('measures echogenicity against the ring of tissue around the lesion', () => {
    const size = 120;
    const bright = computeRadiomics({ width: size, height: size, ...lesion(size, 30, 180, 80) }, lesion(size, 30, 180, 80).mask);
    const dark = lesion(size, 30, 40, 140);
    const hypo = computeRadiomics({ width: size, height: size, grey: dark.grey }, dark.mask);
    expect(feature(bright, 'ring_mean')).toBeCloseTo(80, 0);
    expect(feature(bright, 'ring_difference')).toBeCloseTo(100, 0);
    expect(feature(bright, 'ring_contrast')).toBeCloseTo(100 / 261, 2);
    expect(feature(bright, 'ring_cnr')).toBeGreaterThan(10);
    expect(feature(hypo, 'ring_mean')).toBeCloseTo(140, 0);
    expect(feature(hypo, 'ring_difference')).toBeCloseTo(-100, 0);
    expect(feature(hypo, 'ring_cnr')).toBeLessThan(-10);
    // A sharp margin has a strong gradient along it; inside, only noise.
    expect(feature(bright, 'gradient_margin_mean')).toBeGreaterThan(5 * feature(bright, 'gradient_mean') / 2);
  });

  it('keeps scale-free features when the same scene is imaged at twice the resolution', () => {
    const a = lesion(80, 25, 170, 70, 4);
    const b = lesion(160, 50, 170, 70, 5);
    const fa = computeRadiomics({ width: 80, height: 80, grey: a.grey }, a.mask);
    const fb = computeRadiomics({ width: 160, height: 160, grey: b.grey }, b.mask);
    for (const name of ['shape_area_fraction', 'shape_extent', 'shape_height_width_ratio', 'firstorder_mean', 'firstorder_p50', 'ring_mean']) {
      expect(feature(fb, name) / feature(fa, name), name).toBeCloseTo(1, 1);
    }
    for (const name of ['shape_circularity', 'shape_solidity', 'shape_eccentricity', 'shape_convexity', 'shape_elongation']) {
      expect(Math.abs(feature(fb, name) - feature(fa, name)), name).toBeLessThan(0.03);
    }
    expect(feature(fb, 'shape_area_px') / feature(fa, 'shape_area_px')).toBeCloseTo(4, 1);
    expect(feature(fb, 'shape_perimeter_px') / feature(fa, 'shape_perimeter_px')).toBeCloseTo(2, 1);
  });
});

describe('createRadiomicsFeaturizer', () => {
  it('describes itself as the radiomics engine', () => {
    const f = createRadiomicsFeaturizer();
    expect(f.engine).toBe('radiomics');
    expect(f.modelId).toBe('radiomics');
    expect(f.fingerprint).toBe(`radiomics-${RADIOMICS_VERSION}`);
    expect(f.hasText).toBe(false);
    expect(f.dims).toBe(RADIOMICS_FEATURE_NAMES.length);
    expect(f.featureNames).toEqual(RADIOMICS_FEATURE_NAMES);
    // Far below CLIP's 100: standardised radiomics cosines spread wide (see featurizer.ts).
    expect(f.logitScale).toBeGreaterThanOrEqual(4);
    expect(f.logitScale).toBeLessThanOrEqual(20);
  });

  it('embeds raw features as `focus`, with no full-image view, whatever the focus mode', async () => {
    const f = createRadiomicsFeaturizer();
    const a = lesion(50, 14, 160, 60, 1);
    const b = lesion(50, 9, 60, 160, 2);
    const items = [
      { image: { width: 50, height: 50, grey: a.grey }, mask: a.mask },
      { image: { width: 50, height: 50, grey: b.grey }, mask: b.mask },
    ];
    for (const mode of ['overlay', 'blur-outside', 'dim-outside', 'crop'] as FocusMode[]) {
      const out = await f.embed(items, mode);
      expect(out).toHaveLength(2);
      expect(out[0]!.full).toBeNull();
      expect(out[0]!.focus).toEqual(computeRadiomics(items[0]!.image, items[0]!.mask));
      expect(out[1]!.focus).toEqual(computeRadiomics(items[1]!.image, items[1]!.mask));
    }
    await expect(f.embed([{ image: items[0]!.image, mask: new Uint8Array(3) }], 'overlay')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await f.close();
  });

  it('has no text side', async () => {
    await expect(createRadiomicsFeaturizer().embedClasses([{ name: 'benign', templates: ['{class}'] }])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^radiomics has no text prompts/),
    });
  });
});
