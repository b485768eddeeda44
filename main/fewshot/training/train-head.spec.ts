// The head end to end on generated embeddings: it learns a separable set, stage 2 repairs what
// misleading text anchors do to stage 1, the fused view learns to lean on the informative view, the
// radiomics ('mask') view standardises, training is seeded, can be cancelled and yields to the event
// loop, and refuses sets it cannot learn from. Also times the method.md case (4 × 16 × 512).
import { describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import type { Head, TrainingSet } from '../types';
import { predictProbabilities } from './predict';
import { gaussian, seededRandom } from './random';
import { randomUnit, toySet, unit } from './toy-problems';
import { NO_CV_STEPS, trainHead } from './train-head';

function accuracy(head: Head, set: TrainingSet): number {
  let hits = 0;
  for (const s of set.samples) {
    const p = predictProbabilities(head, s);
    let top = 0;
    for (let j = 1; j < p.length; j += 1) if (p[j]! > p[top]!) top = j;
    if (top === s.label) hits += 1;
  }
  return hits / set.samples.length;
}

async function rejection(promise: Promise<unknown>): Promise<MaskcueError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(MaskcueError);
    return e as MaskcueError;
  }
  throw new Error('expected a rejection');
}

describe('trainHead', () => {
  it('learns a separable set: train accuracy 1, held-out accuracy high, CV metrics reported', async () => {
    const train = toySet({ classes: 3, perClass: 10, dims: 24, noise: 0.25, seed: 1 });
    const test = toySet({ classes: 3, perClass: 30, dims: 24, noise: 0.25, seed: 2, centres: train.centres });
    for (const stage of [1, 2] as const) {
      const outcome = await trainHead(train, { view: 'focus', stage, seed: 3 });
      expect(accuracy(outcome.head, train)).toBe(1);
      expect(accuracy(outcome.head, test)).toBeGreaterThan(0.95);
      expect(outcome.metrics!.samples).toBe(30);
      expect(outcome.metrics!.accuracy).toBeGreaterThan(0.9);
      expect(outcome.head.stage).toBe(stage);
      expect(outcome.head.weights).toHaveLength(3 * 24);
      expect(outcome.uncertainBelow).toBeGreaterThan(1 / 3);
      expect(outcome.uncertainBelow).toBeLessThanOrEqual(1);
      if (stage === 1) expect(outcome.head.steps).toBe(0);
    }
  });

  it('stage 2 repairs misleading text anchors that stage 1 follows', async () => {
    const random = seededRandom(9);
    const centres = Array.from({ length: 3 }, () => randomUnit(32, random));
    // Each class's anchor points at the next class's images.
    const anchors = [centres[1]!, centres[2]!, centres[0]!];
    const train = toySet({ classes: 3, perClass: 8, dims: 32, noise: 0.2, seed: 4, centres, anchors });
    const test = toySet({ classes: 3, perClass: 40, dims: 32, noise: 0.2, seed: 5, centres, anchors });
    const stage1 = await trainHead(train, { view: 'focus', stage: 1, seed: 1 });
    const stage2 = await trainHead(train, { view: 'focus', stage: 2, seed: 1 });
    const acc1 = accuracy(stage1.head, test);
    const acc2 = accuracy(stage2.head, test);
    console.log(`misleading anchors: stage 1 held-out ${acc1.toFixed(3)} (CV ${stage1.metrics!.accuracy.toFixed(3)}), stage 2 ${acc2.toFixed(3)} (CV ${stage2.metrics!.accuracy.toFixed(3)}, ${stage2.head.steps} steps)`);
    // R moves at most ~lr per coordinate per step, so 300 steps repair much but not all of it.
    expect(acc2).toBeGreaterThan(acc1 + 0.3);
    expect(stage2.head.steps).toBeGreaterThan(0);
  });

  it('the fused view learns θ towards the view that carries the class', async () => {
    const train = toySet({ classes: 2, perClass: 12, dims: 16, noise: 0.3, seed: 6, uninformativeFull: true, logitScale: 20 });
    const outcome = await trainHead(train, { view: 'fused', stage: 2, seed: 2 });
    expect(outcome.head.steps).toBeGreaterThan(0);
    expect(outcome.head.theta).toBeGreaterThan(0);
    const test = toySet({ classes: 2, perClass: 40, dims: 16, noise: 0.3, seed: 7, uninformativeFull: true, centres: train.centres });
    expect(accuracy(outcome.head, test)).toBeGreaterThan(0.9);
  });

  it("standardises radiomics features with the training set's statistics ('mask' view)", async () => {
    // Feature 0 separates the classes on a tiny scale; features 1–5 are large noise.
    const random = seededRandom(8);
    const make = (perClass: number): TrainingSet => ({
      engine: 'radiomics',
      classes: ['dark', 'bright'],
      anchors: null,
      logitScale: 10,
      samples: Array.from({ length: 2 * perClass }, (_, i) => {
        const label = i < perClass ? 0 : 1;
        const focus = Float32Array.from([0.001 * (label ? 1 : -1) + 0.0002 * gaussian(random), ...Array.from({ length: 5 }, () => 1000 + 100 * gaussian(random))]);
        return { id: `s${i}`, label, focus, full: null };
      }),
    });
    const train = make(12);
    const outcome = await trainHead(train, { view: 'mask', stage: 2, seed: 1 });
    expect(outcome.head.standardize!.mean[1]).toBeGreaterThan(900);
    expect(outcome.head.standardize!.std[0]).toBeLessThan(0.01);
    expect(accuracy(outcome.head, make(40))).toBeGreaterThan(0.85);
  });

  it('is repeatable for a seed', async () => {
    const train = toySet({ classes: 3, perClass: 6, dims: 12, noise: 0.5, seed: 10 });
    const a = await trainHead(train, { view: 'fused', stage: 2, seed: 5, maxSteps: 60 });
    const b = await trainHead(train, { view: 'fused', stage: 2, seed: 5, maxSteps: 60 });
    expect(b.head.weights).toEqual(a.head.weights);
    expect(b.head.theta).toBe(a.head.theta);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('with one exemplar in a class: no metrics, the default threshold, a fixed step count', async () => {
    const train = toySet({ classes: 2, perClass: 1, dims: 8, noise: 0.1, seed: 11 });
    const outcome = await trainHead(train, { view: 'focus', stage: 2 });
    expect(outcome.metrics).toBeNull();
    expect(outcome.uncertainBelow).toBe(0.75);
    expect(outcome.head.steps).toBe(NO_CV_STEPS);
    expect(accuracy(outcome.head, train)).toBe(1);
  });

  it('reports progress, yields to the event loop, and stops with CANCELLED', async () => {
    const train = toySet({ classes: 2, perClass: 10, dims: 16, noise: 0.3, seed: 12 });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    const phases = new Set<string>();
    let polls = 0;
    const error = await rejection(
      trainHead(train, {
        view: 'focus',
        stage: 2,
        onProgress: (p) => phases.add(p.phase),
        isCancelled: () => {
          polls += 1;
          return ticks >= 3;
        },
      }),
    );
    clearInterval(timer);
    expect(error.code).toBe('CANCELLED');
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(polls).toBeGreaterThan(1);
    expect(phases.has('cross-validation')).toBe(true);
  });

  it('refuses sets it cannot learn from, saying what to do', async () => {
    const base = toySet({ classes: 2, perClass: 3, dims: 4, noise: 0.1, seed: 13 });
    const withSamples = (samples: TrainingSet['samples'], extra: Partial<TrainingSet> = {}): TrainingSet => ({ ...base, samples, ...extra });
    const cases: [TrainingSet, TrainingSet extends never ? never : Parameters<typeof trainHead>[1]['view'], RegExp][] = [
      [withSamples(base.samples.filter((s) => s.label === 0)), 'focus', /'class 1' has no exemplars\. Add at least one/],
      [withSamples(base.samples, { classes: ['only'] , samples: base.samples.filter((s) => s.label === 0)}), 'focus', /at least two classes/],
      [withSamples([...base.samples, { id: 'odd', label: 1, focus: new Float32Array(5), full: null }]), 'focus', /odd has 5 values but others have 4/],
      [withSamples([...base.samples, { id: 'nan', label: 0, focus: Float32Array.from([0, Number.NaN, 0, 0]), full: null }]), 'focus', /nan's embedding has a NaN/],
      [withSamples([...base.samples, { id: 'inf', label: 0, focus: unit([1, 1, 1, 1]), full: Float32Array.from([Infinity, 0, 0, 0]) }]), 'fused', /inf's full-image embedding has a Infinity/],
      [withSamples([...base.samples, { id: 'nofull', label: 0, focus: unit([1, 1, 1, 1]), full: null }]), 'fused', /'fused' view needs full-image embeddings, and exemplar nofull has none/],
      [withSamples(base.samples, { engine: 'radiomics' }), 'focus', /Radiomics features have one view, 'mask'/],
      [withSamples(base.samples, { anchors: [unit([1, 0, 0, 0]), new Float32Array(3)] }), 'focus', /anchor of 'class 1' has 3 values/],
    ];
    for (const [set, view, message] of cases) {
      const error = await rejection(trainHead(set, { view, stage: 2 }));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(message);
    }
  });

  it('times the method.md case: 4 classes × 16 exemplars × 512 dims, fused view, with anchors, incl. CV', async () => {
    const random = seededRandom(14);
    const centres = Array.from({ length: 4 }, () => randomUnit(512, random));
    const anchors = centres.map((c) => unit(Array.from(c, (x) => x + 0.05 * gaussian(random))));
    const train = toySet({ classes: 4, perClass: 16, dims: 512, noise: 0.12, seed: 15, centres, anchors });
    for (const stage of [1, 2] as const) {
      const outcome = await trainHead(train, { view: 'fused', stage });
      const work = stage === 1 ? '5-fold CV of prototypes' : `5-fold CV × 300 steps + ${outcome.head.steps} final steps`;
      console.log(`4 × 16 × 512, fused, stage ${stage}: ${outcome.trainMs.toFixed(0)} ms (${work}), CV accuracy ${outcome.metrics!.accuracy.toFixed(3)}`);
      expect(outcome.metrics!.samples).toBe(64);
    }
  });
});
