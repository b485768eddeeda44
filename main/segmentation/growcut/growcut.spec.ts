// GrowCut: the one-pass (Dijkstra) version reaches the fixed point of the paper's step-by-step
// automaton; seeds follow the prompts; and the full pipeline segments synthetic lesions, with box,
// exclude clicks and downsampled large frames.
import { describe, expect, it } from 'vitest';
import { dice } from '../evaluation/mask-metrics';
import { BACKGROUND, FOREGROUND, UNLABELLED, growCut, growCutAutomaton } from './growcut';
import { seedsFromPrompts } from './seeds';
import { runGrowCut } from './segment';
import { mulberry32 as random } from '../../../common/random';

/** A bright disc on a darker background, with noise. */
function lesion(width: number, height: number, cx: number, cy: number, r: number, noise = 6, seed = 1): { grey: Uint8Array; truth: Uint8Array } {
  const rnd = random(seed);
  const grey = new Uint8Array(width * height);
  const truth = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      truth[y * width + x] = inside ? 1 : 0;
      grey[y * width + x] = Math.max(0, Math.min(255, (inside ? 170 : 70) + (rnd() - 0.5) * 2 * noise));
    }
  }
  return { grey, truth };
}

describe('growCut', () => {
  it('reaches the fixed point of the step-by-step automaton', () => {
    for (let trial = 0; trial < 5; trial += 1) {
      const rnd = random(100 + trial);
      const w = 23;
      const h = 17;
      const features = Float32Array.from({ length: w * h }, () => Math.round(rnd() * 255));
      const seeds = new Uint8Array(w * h);
      for (let k = 0; k < 6; k += 1) seeds[Math.floor(rnd() * w * h)] = k % 2 ? FOREGROUND : BACKGROUND;
      const params = { maxDiff: 255, locality: trial % 2 ? 1 : 0.97 };
      const fast = growCut(features, w, h, seeds, null, params);
      const slow = growCutAutomaton(features, w, h, seeds, null, params);
      for (let i = 0; i < w * h; i += 1) {
        expect(fast.strength[i]).toBeCloseTo(slow.strength[i]!, 12);
        // Labels agree wherever the strength is not a tie between labels.
        if (fast.labels[i] !== slow.labels[i]) expect(fast.strength[i]).toBeCloseTo(slow.strength[i]!, 12);
      }
      expect(slow.steps).toBeGreaterThan(1);
    }
  });

  it('keeps cells outside the allowed region unlabelled and starts weaker seeds at their strength', () => {
    const w = 5;
    const features = new Uint8Array(w * 1);
    const seeds = Uint8Array.from([FOREGROUND, 0, 0, 0, BACKGROUND]);
    const allowed = Uint8Array.from([1, 1, 1, 0, 1]);
    const out = growCut(features, w, 1, seeds, allowed, { maxDiff: 255, locality: 1 });
    expect(Array.from(out.labels)).toEqual([FOREGROUND, FOREGROUND, FOREGROUND, UNLABELLED, BACKGROUND]);
    const weak = growCut(features, w, 1, Uint8Array.from([FOREGROUND, BACKGROUND, BACKGROUND, BACKGROUND, BACKGROUND]), null, { maxDiff: 255, locality: 1 }, Float64Array.from([1, 0.5, 0.5, 0.5, 0.5]));
    expect(Array.from(weak.labels)).toEqual(new Array(5).fill(FOREGROUND));
  });
});

describe('seedsFromPrompts', () => {
  it('seeds the border as background without a box, discs for clicks', () => {
    const { seeds, allowed, foregroundSeeds } = seedsFromPrompts(9, 9, { points: [{ x: 4, y: 4, label: 1 }, { x: 1.5, y: 7, label: 0 }], box: null }, { radius: 1, boxMargin: 0.1, similarity: Infinity });
    expect(allowed).toBeNull();
    expect(seeds[0]).toBe(BACKGROUND);
    expect(seeds[4 * 9 + 4]).toBe(FOREGROUND);
    expect(foregroundSeeds).toBe(5);
    expect(seeds[7 * 9 + 2]).toBe(BACKGROUND);
  });

  it('restricts to the box plus margin with a background ring, and seeds the centre when no click is inside', () => {
    const { seeds, allowed, foregroundSeeds } = seedsFromPrompts(20, 20, { points: [], box: { x1: 5, y1: 5, x2: 14, y2: 14 } }, { radius: 1, boxMargin: 0.1, similarity: Infinity });
    expect(allowed![0]).toBe(0);
    expect(allowed![10 * 20 + 10]).toBe(1);
    expect(seeds[4 * 20 + 10]).toBe(BACKGROUND); // ring one cell outside the box
    expect(seeds[Math.round(9.5) * 20 + 10]).toBe(FOREGROUND);
    expect(foregroundSeeds).toBeGreaterThan(0);
  });

  it('keeps a disc on the clicked side of an edge', () => {
    const features = Uint8Array.from({ length: 11 * 11 }, (_, i) => (i % 11 < 5 ? 200 : 20));
    const { seeds } = seedsFromPrompts(11, 11, { points: [{ x: 3, y: 5, label: 1 }], box: null }, { radius: 3, boxMargin: 0.1, similarity: 30, features });
    expect(seeds[5 * 11 + 2]).toBe(FOREGROUND);
    expect(seeds[5 * 11 + 5]).toBe(0);
  });
});

describe('runGrowCut', () => {
  it('segments a noisy lesion from one click', () => {
    const { grey, truth } = lesion(200, 160, 90, 70, 30);
    const out = runGrowCut({ grey, width: 200, height: 160, prompts: { points: [{ x: 90, y: 70, label: 1 }], box: null } });
    expect(dice(out.mask, truth)).toBeGreaterThan(0.95);
    expect(out.score).toBeGreaterThan(0);
    expect(out.lowResLogits).toMatchObject({ width: 256, height: 256 });
  });

  it('an exclude click removes a touching region; a box limits growth', () => {
    // Two bright discs that touch: one click takes both, an exclude click on the second separates them.
    const w = 200;
    const h = 120;
    const a = lesion(w, h, 60, 60, 30, 4, 2);
    const b = lesion(w, h, 115, 60, 28, 4, 3);
    const grey = a.grey.map((v, i) => Math.max(v, b.grey[i]!));
    const both = runGrowCut({ grey, width: w, height: h, prompts: { points: [{ x: 60, y: 60, label: 1 }], box: null } });
    expect(dice(both.mask, a.truth.map((v, i) => v | b.truth[i]!))).toBeGreaterThan(0.9);
    const one = runGrowCut({ grey, width: w, height: h, prompts: { points: [{ x: 60, y: 60, label: 1 }, { x: 118, y: 60, label: 0 }], box: null }, previous: both.lowResLogits });
    expect(dice(one.mask, a.truth)).toBeGreaterThan(0.85);
    const boxed = runGrowCut({ grey, width: w, height: h, prompts: { points: [], box: { x1: 28, y1: 28, x2: 92, y2: 92 } } });
    expect(dice(boxed.mask, a.truth)).toBeGreaterThan(0.85);
  });

  it('runs large frames on a shrunken grid and still outlines within a few pixels', () => {
    const { grey, truth } = lesion(1024, 1024, 500, 520, 150, 6, 4);
    const out = runGrowCut({ grey, width: 1024, height: 1024, prompts: { points: [{ x: 500, y: 520, label: 1 }], box: null } });
    expect(out.workWidth).toBe(512);
    expect(out.mask.length).toBe(1024 * 1024);
    expect(dice(out.mask, truth)).toBeGreaterThan(0.97);
  });

  it('gives an empty mask when there is no include click and no box', () => {
    const { grey } = lesion(50, 50, 25, 25, 10);
    const out = runGrowCut({ grey, width: 50, height: 50, prompts: { points: [{ x: 25, y: 25, label: 0 }], box: null } });
    expect(out.mask.every((v) => v === 0)).toBe(true);
    expect(out.score).toBe(0);
  });
});
