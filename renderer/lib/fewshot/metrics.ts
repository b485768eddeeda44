// What the Training panel shows from a pack's cross-validation: a confusion matrix with class names,
// recall per class, the same folds "with the mask" against "full image only", and how a pack compares
// with the version before it. Pure arithmetic on ClassMetrics, so it is tested without a DOM.
import type { ClassMetrics, PromptPackSummary } from '../../../common/domain';

export interface ConfusionCell {
  count: number;
  /** Share of the true class's row, 0…1 (0 for an empty row): drives the cell's shading. */
  share: number;
  correct: boolean;
}

export interface ConfusionRow {
  name: string;
  cells: ConfusionCell[];
  total: number;
  recall: number | null;
}

/** Rows are true classes, columns predicted classes, both in the pack's class order. */
export function confusionRows(classes: readonly string[], metrics: ClassMetrics): ConfusionRow[] {
  return classes.map((name, row) => {
    const counts = classes.map((_, column) => metrics.confusion[row]?.[column] ?? 0);
    const total = counts.reduce((sum, n) => sum + n, 0);
    return {
      name,
      cells: counts.map((count, column) => ({ count, share: total > 0 ? count / total : 0, correct: row === column })),
      total,
      recall: metrics.perClassRecall[row] ?? (total > 0 ? counts[row]! / total : null),
    };
  });
}

/** A shading step 0…4 for a cell (CSS classes, not inline styles: the CSP forbids them). */
export function shadeStep(share: number): 0 | 1 | 2 | 3 | 4 {
  if (!(share > 0)) return 0;
  if (share < 0.25) return 1;
  if (share < 0.5) return 2;
  if (share < 0.75) return 3;
  return 4;
}

export type MetricKey = 'accuracy' | 'balancedAccuracy' | 'macroF1';
export const METRIC_NAMES: Record<MetricKey, string> = { accuracy: 'Accuracy', balancedAccuracy: 'Balanced accuracy', macroF1: 'Macro-F1' };
const METRIC_KEYS: MetricKey[] = ['accuracy', 'balancedAccuracy', 'macroF1'];

export interface MetricComparison {
  key: MetricKey;
  name: string;
  current: number;
  reference: number | null;
  /** current − reference; null without a reference. */
  delta: number | null;
}

/** The three headline figures of `current`, each beside the reference's (baseline or previous pack). */
export function compareMetrics(current: ClassMetrics, reference: ClassMetrics | null): MetricComparison[] {
  return METRIC_KEYS.map((key) => {
    const ref = reference ? reference[key] : null;
    return { key, name: METRIC_NAMES[key], current: current[key], reference: ref, delta: ref === null ? null : current[key] - ref };
  });
}

/** The pack trained just before `pack` on the same engine and model (highest lower version), if any. */
export function previousPack(packs: readonly PromptPackSummary[], pack: PromptPackSummary): PromptPackSummary | null {
  let best: PromptPackSummary | null = null;
  for (const candidate of packs) {
    if (candidate.engine !== pack.engine || candidate.modelId !== pack.modelId || candidate.version >= pack.version) continue;
    if (!best || candidate.version > best.version) best = candidate;
  }
  return best;
}

/** Newest version first: the order the history table lists them in. */
export function packsNewestFirst(packs: readonly PromptPackSummary[]): PromptPackSummary[] {
  return [...packs].sort((a, b) => b.version - a.version || b.createdAt.localeCompare(a.createdAt));
}

/** Whether the classes a pack was trained on still match the library's (a class added or removed since). */
export function packMatchesClasses(pack: PromptPackSummary, classNames: readonly string[]): boolean {
  if (pack.classes.length !== classNames.length) return false;
  const names = new Set(classNames);
  return pack.classes.every((name) => names.has(name));
}
