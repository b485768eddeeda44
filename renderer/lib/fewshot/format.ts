// How classification facts read on screen: probabilities, the verdict (a class or "uncertain"), the
// pack that answered ("pack v3, 12 exemplars"), focus modes, training phases and dates. Pure, so the
// Classification card, the Training panel and a report say the same thing the same way.
import type { ClassificationResult, ClassifierEngine, ClassifierView, FocusMode, TrainingProgress } from '../../../common/domain';

/** Probabilities as the walkthrough writes them: "0.81". */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '—';
  return Math.min(Math.max(p, 0), 1).toFixed(2);
}

/** A rate (accuracy, recall) as a whole percentage: "83%"; null or NaN → "—". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Math.round(Math.min(Math.max(rate, 0), 1) * 100)}%`;
}

/** A signed difference of two rates in percentage points: "+8 pts", "−3 pts", "±0 pts". */
export function formatDelta(current: number, reference: number): string {
  const points = Math.round((current - reference) * 100);
  if (points === 0) return '±0 pts';
  return points > 0 ? `+${points} pts` : `−${Math.abs(points)} pts`;
}

export interface RankedClass {
  name: string;
  probability: number;
  /** Index in the pack's class order (what `result.top` refers to). */
  index: number;
  top: boolean;
}

/** Classes by probability, most probable first (ties keep the pack's order). */
export function rankedClasses(result: Pick<ClassificationResult, 'classes' | 'probabilities' | 'top'>): RankedClass[] {
  return result.classes
    .map((name, index) => ({ name, probability: result.probabilities[index] ?? 0, index, top: index === result.top }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index);
}

export interface Verdict {
  uncertain: boolean;
  /** The top class, also when uncertain (the card says which class came closest). */
  className: string;
  probability: number;
  /** "metastasis 0.81" or "uncertain". */
  text: string;
}

export function verdictOf(result: Pick<ClassificationResult, 'classes' | 'probabilities' | 'top' | 'uncertain'>): Verdict {
  const className = result.classes[result.top] ?? '';
  const probability = result.probabilities[result.top] ?? 0;
  return { uncertain: result.uncertain, className, probability, text: result.uncertain ? 'uncertain' : `${className} ${formatProbability(probability)}` };
}

/** "metastasis 0.81, hemangioma 0.19": the whole answer on one line, most probable first. */
export function probabilityLine(result: Pick<ClassificationResult, 'classes' | 'probabilities' | 'top'>): string {
  return rankedClasses(result)
    .map((entry) => `${entry.name} ${formatProbability(entry.probability)}`)
    .join(', ');
}

export function exemplarTotal(exemplarsPerClass: readonly number[]): number {
  return exemplarsPerClass.reduce((sum, n) => sum + n, 0);
}

/** "pack v3, 12 exemplars". */
export function packLine(version: number, exemplarsPerClass: readonly number[]): string {
  const total = exemplarTotal(exemplarsPerClass);
  return `pack v${version}, ${total} exemplar${total === 1 ? '' : 's'}`;
}

const ENGINE_NAMES: Record<ClassifierEngine, string> = { clip: 'CLIP', radiomics: 'Radiomics' };

/** "CLIP (clip-vit-b16)", "Radiomics". */
export function classifierName(engine: ClassifierEngine, modelId: string): string {
  const name = ENGINE_NAMES[engine] ?? engine;
  return modelId && modelId !== engine && modelId !== 'radiomics' ? `${name} (${modelId})` : name;
}

export const FOCUS_NAMES: Record<FocusMode, { name: string; hint: string }> = {
  overlay: { name: 'Overlay', hint: 'the mask tinted on the image (the paper’s default)' },
  'blur-outside': { name: 'Blur outside', hint: 'everything outside the mask blurred' },
  'dim-outside': { name: 'Dim outside', hint: 'everything outside the mask darkened' },
  crop: { name: 'Crop', hint: 'the image cropped to the mask’s box' },
};

export function focusName(mode: FocusMode): string {
  return FOCUS_NAMES[mode]?.name ?? mode;
}

const VIEW_NAMES: Record<ClassifierView, string> = {
  'zero-shot': 'text prompts only',
  full: 'full image only',
  focus: 'focus view',
  fused: 'focus view + full image',
  mask: 'inside the mask',
};

export function viewName(view: ClassifierView): string {
  return VIEW_NAMES[view] ?? view;
}

const PHASES: Record<TrainingProgress['phase'], string> = {
  embedding: 'Embedding exemplars',
  'cross-validation': 'Cross-validation',
  training: 'Training the head',
  evaluation: 'Evaluating on held-out images',
  done: 'Done',
};

/** "Cross-validation 3 / 5"; the counts are left out where there is nothing to count. */
export function phaseText(progress: TrainingProgress | null): string {
  if (!progress) return 'Starting…';
  const name = PHASES[progress.phase] ?? progress.phase;
  if (progress.phase === 'done' || progress.total <= 0) return name;
  return `${name} ${Math.min(progress.done, progress.total)} / ${progress.total}`;
}

/** How far the current phase is, 0…1; null while unknown (the bar pulses). */
export function phaseFraction(progress: TrainingProgress | null): number | null {
  if (!progress) return null;
  if (progress.phase === 'done') return 1;
  if (progress.total <= 0) return null;
  return Math.min(Math.max(progress.done / progress.total, 0), 1);
}

/** "2025-03-04 14:22" in local time; the ISO text itself if it does not parse. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
