import { describe, expect, it } from 'vitest';
import type { ClassMetrics, PromptPackSummary } from '../../../common/domain';
import { compareMetrics, confusionRows, packMatchesClasses, packsNewestFirst, previousPack, shadeStep } from './metrics';

const metrics: ClassMetrics = {
  accuracy: 0.75,
  balancedAccuracy: 0.7,
  macroF1: 0.68,
  confusion: [
    [5, 1],
    [2, 0],
  ],
  perClassRecall: [5 / 6, 0],
  samples: 8,
};

function pack(version: number, extra: Partial<PromptPackSummary> = {}): PromptPackSummary {
  return {
    id: `p${version}`,
    version,
    engine: 'radiomics',
    modelId: 'radiomics',
    focus: 'overlay',
    view: 'mask',
    stage: 2,
    classes: ['benign', 'malignant'],
    exemplarsPerClass: [6, 2],
    metrics,
    baseline: null,
    uncertainBelow: 0.6,
    trainMs: 120,
    steps: 100,
    createdAt: `2025-01-0${version}T10:00:00.000Z`,
    active: false,
    ...extra,
  };
}

describe('training figures', () => {
  it('lays out the confusion matrix by true class with shares and recall', () => {
    const rows = confusionRows(['benign', 'malignant'], metrics);
    expect(rows.map((r) => r.name)).toEqual(['benign', 'malignant']);
    expect(rows[0]!.cells.map((c) => c.count)).toEqual([5, 1]);
    expect(rows[0]!.total).toBe(6);
    expect(rows[0]!.cells[0]!.share).toBeCloseTo(5 / 6);
    expect(rows[0]!.cells.map((c) => c.correct)).toEqual([true, false]);
    expect(rows[1]!.recall).toBe(0);
  });

  it('treats a missing row as empty instead of failing', () => {
    const rows = confusionRows(['a', 'b'], { ...metrics, confusion: [[1, 0]], perClassRecall: [1] });
    expect(rows[1]!.total).toBe(0);
    expect(rows[1]!.cells.map((c) => c.share)).toEqual([0, 0]);
    expect(rows[1]!.recall).toBeNull();
  });

  it('shades cells in steps', () => {
    expect([0, 0.1, 0.3, 0.6, 0.9, 1].map(shadeStep)).toEqual([0, 1, 2, 3, 4, 4]);
    expect(shadeStep(Number.NaN)).toBe(0);
  });

  it('compares with a reference, or stands alone', () => {
    const better = { ...metrics, accuracy: 0.9, balancedAccuracy: 0.85, macroF1: 0.8 };
    const rows = compareMetrics(better, metrics);
    expect(rows.map((r) => r.name)).toEqual(['Accuracy', 'Balanced accuracy', 'Macro-F1']);
    expect(rows[1]!.delta).toBeCloseTo(0.15);
    expect(compareMetrics(better, null).every((r) => r.reference === null && r.delta === null)).toBe(true);
  });

  it('finds the version before, on the same engine and model', () => {
    const packs = [pack(1), pack(3), pack(2, { engine: 'clip', modelId: 'clip-vit-b16' }), pack(4)];
    expect(previousPack(packs, packs[3]!)?.version).toBe(3);
    expect(previousPack(packs, packs[0]!)).toBeNull();
    expect(previousPack(packs, packs[2]!)).toBeNull();
    expect(packsNewestFirst(packs).map((p) => p.version)).toEqual([4, 3, 2, 1]);
  });

  it('notices when the library’s classes no longer match the pack', () => {
    expect(packMatchesClasses(pack(1), ['malignant', 'benign'])).toBe(true);
    expect(packMatchesClasses(pack(1), ['benign', 'malignant', 'normal'])).toBe(false);
    expect(packMatchesClasses(pack(1), ['benign', 'cyst'])).toBe(false);
  });
});
