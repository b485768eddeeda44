// "Retrain the prompt" (notes/method.md §3): stage 1 = class prototypes, stage 2 = a TaskRes residual
// on those rows plus the fusion weight θ, trained by full-batch Adam on cached embeddings.
// The head can fit any small set perfectly, so the number of steps comes from stratified k-fold
// cross-validation (k = min(folds, smallest class count), seeded): every fold trains maxSteps steps
// and scores its held-out part every CHECKPOINT_EVERY steps; the checkpoint with the most held-out
// hits (ties: lower held-out cross-entropy, then fewer steps) is the step count, and the head is then
// trained on all exemplars for that many steps. Step 0 is a checkpoint, and stage 2 starts from the
// stage-1 rows (T = the prototypes, text-anchored when anchors exist), so cross-validation can always
// fall back to stage 1. The held-out predictions at the chosen checkpoint give the pack's metrics and
// its "uncertain" threshold. With a class of one exemplar there is nothing to fold: metrics are null
// and stage 2 trains NO_CV_STEPS steps (the low end of method.md's 100–300).
// Async on purpose: it yields to the event loop every YIELD_EVERY steps so the host can read a cancel.

import { setImmediate as nextTurn } from 'node:timers/promises';
import { MaskcueError } from '../../../common/api';
import type { ClassMetrics } from '../../../common/domain';
import type { Head, ImageEmbedding, TrainingSet, TrainOptions, TrainOutcome } from '../types';
import { Adam } from './adam';
import { foldCount, stratifiedFolds } from './folds';
import { computeMetrics } from './metrics';
import { HeadObjective, type Gradient } from './objective';
import { prototypeRows } from './prototypes';
import { chooseUncertainBelow, defaultUncertainBelow } from './uncertainty';
import { validateTrainingSet } from './validate';
import { featuresAt, standardizeFrom, viewRows, type Standardize, type TrainView, type ViewRows } from './views';

export const TRAIN_DEFAULTS = {
  lambda: 0.5,
  alpha: 0.5,
  lrResidual: 2e-3,
  lrTheta: 1e-2,
  weightDecay: 1e-4,
  maxSteps: 300,
  folds: 5,
  seed: 0,
} as const;
export const CHECKPOINT_EVERY = 10;
export const YIELD_EVERY = 20;
export const NO_CV_STEPS = 100;

interface Recipe {
  view: TrainView;
  stage: 1 | 2;
  lambda: number;
  alpha: number;
  lrResidual: number;
  lrTheta: number;
  weightDecay: number;
  maxSteps: number;
  scale: number;
  classCount: number;
  d: number;
  anchors: Float64Array | null;
}

interface Prepared {
  rows: ViewRows;
  labels: number[];
  standardize: Standardize | null;
  base: Float64Array;
}

type Phase = 'cross-validation' | 'training';

/** Checks for a cancel every step and yields to the event loop every YIELD_EVERY steps. */
class Pacer {
  private count = 0;
  constructor(private readonly options: TrainOptions) {}

  checkCancelled(): void {
    if (this.options.isCancelled?.()) throw new MaskcueError('CANCELLED', 'Training was cancelled; the previous prompt pack stays active.');
  }

  async step(phase: Phase, done: number, total: number): Promise<void> {
    this.checkCancelled();
    this.count += 1;
    if (this.count % YIELD_EVERY === 0) {
      this.options.onProgress?.({ phase, done, total });
      await nextTurn();
      this.checkCancelled();
    }
  }
}

function embeddingsOf(set: TrainingSet, indices: readonly number[]): ImageEmbedding[] {
  return indices.map((i) => ({ focus: set.samples[i]!.focus, full: set.samples[i]!.full }));
}

function prepare(set: TrainingSet, indices: readonly number[], recipe: Recipe): Prepared {
  const embeddings = embeddingsOf(set, indices);
  const standardize = recipe.view === 'mask' ? standardizeFrom(embeddings.map((e) => e.focus), recipe.d) : null;
  const rows = viewRows(embeddings, recipe.view, recipe.d, standardize);
  const labels = indices.map((i) => set.samples[i]!.label);
  const base = prototypeRows(featuresAt(rows, 0), labels, recipe.classCount, recipe.d, recipe.anchors);
  return { rows, labels, standardize, base };
}

/** Row-softmax probabilities (n × C) of s·F·Wᵀ. */
function probabilities(rows: ViewRows, theta: number, w: Float64Array, recipe: Recipe): Float64Array {
  const f = featuresAt(rows, theta);
  const { n, d } = rows;
  const c = recipe.classCount;
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i += 1) {
    let max = -Infinity;
    for (let j = 0; j < c; j += 1) {
      let dot = 0;
      for (let k = 0; k < d; k += 1) dot += f[i * d + k]! * w[j * d + k]!;
      out[i * c + j] = recipe.scale * dot;
      max = Math.max(max, out[i * c + j]!);
    }
    let sum = 0;
    for (let j = 0; j < c; j += 1) sum += out[i * c + j] = Math.exp(out[i * c + j]! - max);
    for (let j = 0; j < c; j += 1) out[i * c + j]! /= sum;
  }
  return out;
}

interface Trained {
  w: Float64Array;
  theta: number;
}

/**
 * Stage 2 from the stage-1 rows for `steps` steps. `onCheckpoint(step, w, theta)` is called at step 0,
 * every CHECKPOINT_EVERY steps and at the end.
 */
async function runStage2(
  prepared: Prepared,
  recipe: Recipe,
  steps: number,
  pacer: Pacer,
  progress: { phase: Phase; offset: number; total: number },
  onCheckpoint?: (step: number, w: Float64Array, theta: number) => void,
): Promise<Trained> {
  const objective = new HeadObjective(prepared.rows, prepared.labels, {
    base: prepared.base,
    classCount: recipe.classCount,
    alpha: recipe.alpha,
    lambda: recipe.lambda,
    weightDecay: recipe.weightDecay,
    scale: recipe.scale,
  });
  const residual = new Float64Array(recipe.classCount * recipe.d);
  const gradient: Gradient = { residual: new Float64Array(residual.length), theta: 0 };
  const learnsTheta = recipe.view === 'fused';
  const adamR = new Adam(residual.length, recipe.lrResidual);
  const adamTheta = new Adam(1, recipe.lrTheta);
  const theta = new Float64Array(1);
  for (let step = 0; ; step += 1) {
    if (onCheckpoint && (step % CHECKPOINT_EVERY === 0 || step === steps)) onCheckpoint(step, objective.classRows(residual), theta[0]!);
    if (step === steps) break;
    objective.evaluate(residual, theta[0]!, gradient);
    adamR.step(residual, gradient.residual);
    if (learnsTheta) adamTheta.step(theta, [gradient.theta]);
    await pacer.step(progress.phase, progress.offset + step + 1, progress.total);
  }
  return { w: objective.classRows(residual), theta: theta[0]! };
}

interface CrossValidation {
  steps: number;
  metrics: ClassMetrics;
  uncertainBelow: number;
}

async function crossValidate(set: TrainingSet, recipe: Recipe, k: number, seed: number, pacer: Pacer): Promise<CrossValidation> {
  const labels = set.samples.map((s) => s.label);
  const n = labels.length;
  const c = recipe.classCount;
  const folds = stratifiedFolds(labels, c, k, seed);
  const steps = recipe.stage === 2 ? recipe.maxSteps : 0;
  const checkpoints: number[] = [];
  for (let s = 0; s <= steps; s += CHECKPOINT_EVERY) checkpoints.push(s);
  if (checkpoints.at(-1) !== steps) checkpoints.push(steps);
  // Held-out probabilities per checkpoint, filled fold by fold.
  const heldOut = checkpoints.map(() => new Float64Array(n * c));
  const total = k * Math.max(steps, 1);

  for (let fold = 0; fold < k; fold += 1) {
    const test = folds[fold]!;
    const inTest = new Set(test);
    const train = labels.map((_, i) => i).filter((i) => !inTest.has(i));
    const prepared = prepare(set, train, recipe);
    const testRows = viewRows(embeddingsOf(set, test), recipe.view, recipe.d, prepared.standardize);
    const record = (step: number, w: Float64Array, theta: number): void => {
      const at = checkpoints.indexOf(step);
      const probs = probabilities(testRows, theta, w, recipe);
      test.forEach((i, row) => heldOut[at]!.set(probs.subarray(row * c, (row + 1) * c), i * c));
    };
    if (recipe.stage === 1) {
      record(0, prepared.base, 0);
      pacer.checkCancelled();
    } else {
      await runStage2(prepared, recipe, steps, pacer, { phase: 'cross-validation', offset: fold * steps, total }, record);
    }
  }

  const scoreOf = (probs: Float64Array): { hits: number; crossEntropy: number } => {
    let hits = 0;
    let crossEntropy = 0;
    for (let i = 0; i < n; i += 1) {
      const row = probs.subarray(i * c, (i + 1) * c);
      const top = argmax(row);
      if (top === labels[i]) hits += 1;
      crossEntropy -= Math.log(Math.max(row[labels[i]!]!, 1e-300));
    }
    return { hits, crossEntropy };
  };
  let best = 0;
  let bestScore = scoreOf(heldOut[0]!);
  for (let at = 1; at < checkpoints.length; at += 1) {
    const score = scoreOf(heldOut[at]!);
    if (score.hits > bestScore.hits || (score.hits === bestScore.hits && score.crossEntropy < bestScore.crossEntropy - 1e-9)) {
      best = at;
      bestScore = score;
    }
  }
  const chosen = heldOut[best]!;
  const predicted: number[] = [];
  const top: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const row = chosen.subarray(i * c, (i + 1) * c);
    const j = argmax(row);
    predicted.push(j);
    top.push(row[j]!);
  }
  return {
    steps: checkpoints[best]!,
    metrics: computeMetrics(labels, predicted, c),
    uncertainBelow: chooseUncertainBelow(top, predicted.map((p, i) => p === labels[i]), c),
  };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j += 1) if (values[j]! > values[best]!) best = j;
  return best;
}

export async function trainHead(set: TrainingSet, options: TrainOptions): Promise<TrainOutcome> {
  const started = performance.now();
  const d = validateTrainingSet(set, options);
  const classCount = set.classes.length;
  const settings = { ...TRAIN_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof TRAIN_DEFAULTS & TrainOptions;
  if (!Number.isInteger(settings.maxSteps) || settings.maxSteps < 0) throw new MaskcueError('INVALID_ARGUMENT', `maxSteps must be a whole number ≥ 0, not ${settings.maxSteps}.`);
  if (!Number.isInteger(settings.folds) || settings.folds < 2) throw new MaskcueError('INVALID_ARGUMENT', `folds must be a whole number ≥ 2, not ${settings.folds}.`);
  const anchors = set.anchors ? new Float64Array(classCount * d) : null;
  set.anchors?.forEach((a, c) => {
    let norm = 0;
    for (const x of a) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < d; k += 1) anchors![c * d + k] = a[k]! / norm;
  });
  const recipe: Recipe = {
    view: options.view,
    stage: options.stage,
    lambda: settings.lambda,
    alpha: settings.alpha,
    lrResidual: settings.lrResidual,
    lrTheta: settings.lrTheta,
    weightDecay: settings.weightDecay,
    maxSteps: settings.maxSteps,
    scale: set.logitScale,
    classCount,
    d,
    anchors,
  };
  const pacer = new Pacer(options);
  pacer.checkCancelled();

  const counts = new Array<number>(classCount).fill(0);
  for (const s of set.samples) counts[s.label]! += 1;
  const k = foldCount(counts, settings.folds);
  const cv = k >= 2 ? await crossValidate(set, recipe, k, settings.seed, pacer) : null;
  const steps = recipe.stage === 1 ? 0 : (cv?.steps ?? Math.min(NO_CV_STEPS, recipe.maxSteps));

  const all = set.samples.map((_, i) => i);
  const prepared = prepare(set, all, recipe);
  const trained = recipe.stage === 1 ? { w: prepared.base, theta: 0 } : await runStage2(prepared, recipe, steps, pacer, { phase: 'training', offset: 0, total: steps });
  options.onProgress?.({ phase: 'training', done: steps, total: steps });

  const head: Head = {
    engine: set.engine,
    view: options.view,
    stage: options.stage,
    classes: set.classes.slice(),
    dims: d,
    weights: Float32Array.from(trained.w),
    theta: trained.theta,
    logitScale: set.logitScale,
    standardize: prepared.standardize ? { mean: Float32Array.from(prepared.standardize.mean), std: Float32Array.from(prepared.standardize.std) } : null,
    steps,
  };
  return {
    head,
    metrics: cv?.metrics ?? null,
    uncertainBelow: cv?.uncertainBelow ?? defaultUncertainBelow(classCount),
    trainMs: performance.now() - started,
  };
}
