// The evaluation protocol of notes/method.md §6. Every image is embedded once. For each seed, each
// class's images are shuffled with a PRNG seeded by that seed, and for each K the first K per class
// train while all the others test; so the training sets are nested across K within a seed, and every
// view and the zero-shot row are scored on exactly the same split. Per (engine, view, K): accuracy,
// balanced accuracy and macro-F1 as mean and sample standard deviation over the seeds (0 for one
// seed), and the confusion matrix summed over the seeds. Views: radiomics → 'mask'; CLIP →
// 'zero-shot' (text anchors only, no training), 'full', 'focus', 'fused'.

import { MaskcueError } from '../../../common/api';
import type { ClassMetrics, ClassifierView, FocusMode } from '../../../common/domain';
import { computeMetrics } from '../training/metrics';
import { predictProbabilities, zeroShotHead } from '../training/predict';
import { seededRandom, shuffled } from '../training/random';
import { trainHead } from '../training/train-head';
import type { Featurizer, ImageEmbedding, MaskedImage, TrainOptions, TrainOutcome, TrainingSet } from '../types';
import type { Dataset } from './dataset';
import { loadItem, type EmptyMaskPolicy } from './load-item';

export interface Summary {
  mean: number;
  std: number;
}

export interface EvaluationRow {
  engine: string;
  view: ClassifierView;
  shots: number;
  seeds: number;
  accuracy: Summary;
  balancedAccuracy: Summary;
  macroF1: Summary;
  /** confusion[true][predicted], summed over the seeds. */
  confusion: number[][];
}

export interface EvaluationReport {
  results: EvaluationRow[];
  classes: string[];
  dataset: {
    path: string;
    masks: string | null;
    imagesPerClass: number[];
    /** How many images had mask files, none (whole image), or only all-zero masks. */
    maskSources: { files: number; noMaskFile: number; emptyMask: number };
    /** Images left out (empty masks under --empty-masks skip). */
    skipped: string[];
  };
  stage: 1 | 2;
  focus: FocusMode | null;
  zeroShotInput: 'focus' | 'full' | null;
  /** K values that could not run, and why (a class with ≤ K images leaves nothing to test). */
  skippedShots: { shots: number; reason: string }[];
  timings: { embedMs: number; trainMs: number; totalMs: number; trainings: number };
}

export interface EvaluationOptions {
  shots: number[];
  seeds: number;
  stage: 1 | 2;
  /** CLIP only: how the mask becomes a visual prompt. */
  focus: FocusMode;
  /** CLIP only: the class prompt templates with {class}. */
  templates: readonly string[];
  zeroShotInput?: 'focus' | 'full';
  emptyMasks?: EmptyMaskPolicy;
  /** Images per featurizer call. */
  batchSize?: number;
  train?: Omit<TrainOptions, 'view' | 'stage' | 'seed' | 'onProgress' | 'isCancelled'>;
  onProgress?: (message: string) => void;
}

export function viewsFor(featurizer: Featurizer): ClassifierView[] {
  return featurizer.engine === 'radiomics' ? ['mask'] : ['zero-shot', 'full', 'focus', 'fused'];
}

function summary(values: number[]): Summary {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j += 1) if (values[j]! > values[best]!) best = j;
  return best;
}

export async function runEvaluation(featurizer: Featurizer, dataset: Dataset, options: EvaluationOptions): Promise<EvaluationReport> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);

  // 1. Embed every image once.
  const embedStarted = performance.now();
  const embeddings: ImageEmbedding[] = [];
  const labels: number[] = [];
  const ids: string[] = [];
  const skipped: string[] = [];
  const maskSources = { files: 0, noMaskFile: 0, emptyMask: 0 };
  const batchSize = options.batchSize ?? 8;
  for (let at = 0; at < dataset.items.length; at += batchSize) {
    const batch = dataset.items.slice(at, at + batchSize);
    const loaded: { item: Dataset['items'][number]; masked: MaskedImage }[] = [];
    for (const item of batch) {
      const one = await loadItem(item);
      if (one.mask === 'files') maskSources.files += 1;
      else if (one.mask === 'no-mask-file') maskSources.noMaskFile += 1;
      else maskSources.emptyMask += 1;
      if (one.mask === 'empty-mask' && options.emptyMasks === 'skip') {
        skipped.push(item.relPath);
        continue;
      }
      loaded.push({ item, masked: one.masked });
    }
    if (loaded.length === 0) continue;
    const out = await featurizer.embed(
      loaded.map((l) => l.masked),
      options.focus,
    );
    out.forEach((e, i) => {
      embeddings.push(e);
      labels.push(loaded[i]!.item.label);
      ids.push(loaded[i]!.item.relPath);
    });
    progress(`embedded ${Math.min(at + batchSize, dataset.items.length)}/${dataset.items.length} images`);
  }
  const embedMs = performance.now() - embedStarted;
  const imagesPerClass = dataset.classes.map((_, c) => labels.filter((l) => l === c).length);
  const emptied = dataset.classes.filter((_, c) => imagesPerClass[c] === 0);
  if (emptied.length) {
    throw new MaskcueError('INVALID_ARGUMENT', `No images of ${emptied.join(', ')} are left after skipping empty masks. Use --empty-masks whole-image, or leave that class folder out.`);
  }

  const anchors = featurizer.hasText ? await featurizer.embedClasses(dataset.classes.map((name) => ({ name, templates: [...options.templates] }))) : null;
  const zeroShotInput = options.zeroShotInput ?? 'focus';
  const scored = await scoreSplits(
    { engine: featurizer.engine, modelId: featurizer.modelId, views: viewsFor(featurizer), logitScale: featurizer.logitScale, classes: dataset.classes, embeddings, labels, ids, anchors },
    { ...options, zeroShotInput, progress },
  );
  const { results, skippedShots, trainMs, trainings } = scored;
  const views = viewsFor(featurizer);
  return {
    results,
    classes: dataset.classes,
    dataset: { path: dataset.root, masks: dataset.masksDir, imagesPerClass, maskSources, skipped },
    stage: options.stage,
    focus: featurizer.engine === 'clip' ? options.focus : null,
    zeroShotInput: views.includes('zero-shot') ? zeroShotInput : null,
    skippedShots,
    timings: { embedMs, trainMs, totalMs: performance.now() - started, trainings },
  };
}

export interface EmbeddedSet {
  engine: Featurizer['engine'];
  modelId: string;
  views: ClassifierView[];
  logitScale: number;
  classes: string[];
  embeddings: readonly ImageEmbedding[];
  labels: readonly number[];
  ids: readonly string[];
  anchors: Float32Array[] | null;
}

/** Trains a head; the CLI trains in-process, the app in the inference host. */
export type HeadTrainer = (set: TrainingSet, options: TrainOptions) => Promise<TrainOutcome>;

export interface ScoreOptions {
  shots: number[];
  seeds: number;
  stage: 1 | 2;
  zeroShotInput: 'focus' | 'full';
  train?: EvaluationOptions['train'];
  progress?: (message: string) => void;
  trainer?: HeadTrainer;
}

/** Step 2 of the protocol on embeddings already made: the seeded splits, a head per view, the scores. */
export async function scoreSplits(input: EmbeddedSet, options: ScoreOptions): Promise<{ results: EvaluationRow[]; skippedShots: EvaluationReport['skippedShots']; trainMs: number; trainings: number }> {
  const { classes, embeddings, labels, ids, anchors, views } = input;
  const classCount = classes.length;
  const trainer = options.trainer ?? trainHead;
  const progress = options.progress ?? (() => undefined);
  const byClass = classes.map((_, c) => labels.flatMap((l, i) => (l === c ? [i] : [])));
  const shots = [...new Set(options.shots)].sort((a, b) => a - b);
  const skippedShots: EvaluationReport['skippedShots'] = [];
  const runnable = shots.filter((k) => {
    const short = classes.filter((_, c) => byClass[c]!.length <= k);
    if (short.length) skippedShots.push({ shots: k, reason: `class${short.length > 1 ? 'es' : ''} ${short.join(', ')} ha${short.length > 1 ? 've' : 's'} ≤ ${k} images: nothing left to test` });
    return short.length === 0;
  });
  const perRow = new Map<string, ClassMetrics[]>();
  let trainMs = 0;
  let trainings = 0;
  for (let seed = 0; seed < options.seeds; seed += 1) {
    const random = seededRandom(seed);
    const order = byClass.map((members) => shuffled(members, random));
    for (const k of runnable) {
      const train = order.flatMap((members) => members.slice(0, k));
      const test = order.flatMap((members) => members.slice(k));
      const set: TrainingSet = {
        engine: input.engine,
        classes,
        samples: train.map((i) => ({ id: ids[i]!, label: labels[i]!, focus: embeddings[i]!.focus, full: embeddings[i]!.full })),
        anchors,
        logitScale: input.logitScale,
      };
      for (const view of views) {
        let head;
        if (view === 'zero-shot') {
          head = zeroShotHead({ classes, anchors: anchors!, logitScale: input.logitScale, engine: input.engine }, options.zeroShotInput);
        } else {
          const t = performance.now();
          head = (await trainer(set, { ...options.train, view, stage: options.stage, seed })).head;
          trainMs += performance.now() - t;
          trainings += 1;
        }
        const predicted = test.map((i) => argmax(predictProbabilities(head, embeddings[i]!)));
        const metrics = computeMetrics(
          test.map((i) => labels[i]!),
          predicted,
          classCount,
        );
        const key = `${view}|${k}`;
        perRow.set(key, [...(perRow.get(key) ?? []), metrics]);
      }
      progress(`seed ${seed + 1}/${options.seeds}, K=${k}: done`);
    }
  }

  const results: EvaluationRow[] = [];
  for (const view of views) {
    for (const k of runnable) {
      const runs = perRow.get(`${view}|${k}`)!;
      const confusion = Array.from({ length: classCount }, (_, t) => Array.from({ length: classCount }, (_, p) => runs.reduce((sum, m) => sum + m.confusion[t]![p]!, 0)));
      results.push({
        engine: input.modelId,
        view,
        shots: k,
        seeds: runs.length,
        accuracy: summary(runs.map((m) => m.accuracy)),
        balancedAccuracy: summary(runs.map((m) => m.balancedAccuracy)),
        macroF1: summary(runs.map((m) => m.macroF1)),
        confusion,
      });
    }
  }
  return { results, skippedShots, trainMs, trainings };
}
