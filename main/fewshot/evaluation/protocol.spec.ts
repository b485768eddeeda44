// The protocol with small in-spec featurizers that compute real (simple) features from the pixels:
// the JSON shape, seeds × K bookkeeping, the same split for every view, K values a class cannot
// afford, and the CLIP view list with a text side.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGreyPng } from '../../segmentation/image/png';
import type { Featurizer, MaskedImage } from '../types';
import { readDataset } from './dataset';
import { formatTable } from './format-table';
import { runEvaluation } from './protocol';

let root: string;

/** Mean and spread of the grey levels inside and outside the mask (a crude radiomics). */
function stats(item: MaskedImage): number[] {
  const grey = item.image.grey!;
  const acc = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < grey.length; i += 1) {
    const at = item.mask[i] ? 0 : 3;
    acc[at]! += 1;
    acc[at + 1]! += grey[i]!;
    acc[at + 2]! += grey[i]! * grey[i]!;
  }
  const out = [];
  for (const at of [0, 3]) {
    const n = Math.max(acc[at]!, 1);
    const mean = acc[at + 1]! / n;
    out.push(mean, Math.sqrt(Math.max(acc[at + 2]! / n - mean * mean, 0)));
  }
  return out;
}

function featurizer(withText: boolean): Featurizer & { embedded: number } {
  const f = {
    engine: withText ? ('clip' as const) : ('radiomics' as const),
    modelId: withText ? 'toy-clip' : 'radiomics',
    fingerprint: 'toy',
    dims: 4,
    hasText: withText,
    logitScale: 10,
    featureNames: null,
    embedded: 0,
    embed(items: readonly MaskedImage[]) {
      f.embedded += items.length;
      return Promise.resolve(
        items.map((item) => {
          const [inMean, inStd, outMean, outStd] = stats(item) as [number, number, number, number];
          // CLIP-like: the focus vector sees the lesion's brightness; the full one only the background.
          const focus = Float32Array.from([inMean / 255, 1 - inMean / 255, inStd / 255, 0.1]);
          const full = Float32Array.from([outMean / 255, 0.5, outStd / 255, 0.1]);
          return { focus, full: withText ? full : null };
        }),
      );
    },
    embedClasses() {
      return Promise.resolve([Float32Array.from([1, 0, 0, 0]), Float32Array.from([0, 1, 0, 0])]);
    },
    close: () => Promise.resolve(),
  };
  return f;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-protocol-'));
  // 'bright' and 'dark' lesions (a disc) on the same noisy background; 10 and 7 images.
  let seed = 1;
  const noise = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 40;
  for (const [name, level, count] of [['bright', 200, 10], ['dark', 60, 7]] as const) {
    mkdirSync(join(root, name));
    for (let k = 0; k < count; k += 1) {
      const w = 32;
      const grey = new Uint8Array(w * w);
      const mask = new Uint8Array(w * w);
      for (let i = 0; i < grey.length; i += 1) {
        const inside = ((i % w) - 16) ** 2 + (Math.floor(i / w) - 16) ** 2 < 64;
        grey[i] = Math.max(0, Math.min(255, Math.round((inside ? level : 120) + noise())));
        mask[i] = inside ? 255 : 0;
      }
      writeFileSync(join(root, name, `${k}.png`), encodeGreyPng(w, w, grey));
      writeFileSync(join(root, name, `${k}_mask.png`), encodeGreyPng(w, w, mask));
    }
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runEvaluation', () => {
  it('radiomics: one row per K with mean/std over seeds and the summed confusion; K ≥ a class size is skipped', async () => {
    const f = featurizer(false);
    const report = await runEvaluation(f, readDataset(root), { shots: [1, 3, 7], seeds: 4, stage: 2, focus: 'overlay', templates: [] });
    expect(f.embedded).toBe(17);
    expect(report.classes).toEqual(['bright', 'dark']);
    expect(report.dataset.imagesPerClass).toEqual([10, 7]);
    expect(report.dataset.maskSources).toEqual({ files: 17, noMaskFile: 0, emptyMask: 0 });
    expect(report.skippedShots).toEqual([{ shots: 7, reason: 'class dark has ≤ 7 images: nothing left to test' }]);
    expect(report.results.map((r) => [r.engine, r.view, r.shots, r.seeds])).toEqual([
      ['radiomics', 'mask', 1, 4],
      ['radiomics', 'mask', 3, 4],
    ]);
    for (const row of report.results) {
      expect(Object.keys(row)).toEqual(['engine', 'view', 'shots', 'seeds', 'accuracy', 'balancedAccuracy', 'macroF1', 'confusion']);
      // Test images per seed: (10 − K) + (7 − K); the confusion sums them over 4 seeds.
      expect(row.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4 * (17 - 2 * row.shots));
      expect(row.accuracy.std).toBeGreaterThanOrEqual(0);
    }
    // With one exemplar per class the standardisation (two samples) puts every feature at ±1, so only
    // K = 3 is expected to be good on this four-feature toy.
    console.log(report.results.map((r) => `K=${r.shots}: ${r.accuracy.mean.toFixed(3)} ± ${r.accuracy.std.toFixed(3)}`).join(', '));
    expect(report.results[1]!.accuracy.mean).toBeGreaterThan(0.9);
    expect(report.timings.trainings).toBe(8);
    expect(formatTable(report)).toMatch(/radiomics\s+mask\s+3\s+4\s+\d+\.\d ± \d+\.\d/);
  });

  it('CLIP-like: zero-shot, full, focus and fused on the same splits; the focus view beats the full image', async () => {
    const report = await runEvaluation(featurizer(true), readDataset(root), { shots: [2], seeds: 3, stage: 1, focus: 'overlay', templates: ['a {class} lesion'] });
    expect(report.results.map((r) => r.view)).toEqual(['zero-shot', 'full', 'focus', 'fused']);
    const row = (view: string) => report.results.find((r) => r.view === view)!;
    // The toy anchors point at 'bright' and 'dark' focus vectors, so zero-shot on the focus view works.
    expect(row('zero-shot').accuracy.mean).toBeGreaterThan(0.9);
    expect(row('focus').accuracy.mean).toBeGreaterThan(0.9);
    expect(row('focus').accuracy.mean).toBeGreaterThan(row('full').accuracy.mean);
    const totals = report.results.map((r) => r.confusion.map((t) => t.reduce((a, b) => a + b, 0)));
    // Same test images for every view: the confusion's row sums agree.
    for (const t of totals) expect(t).toEqual(totals[0]);
    expect(report.zeroShotInput).toBe('focus');
  });
});
