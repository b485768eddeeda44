// Generated embedding sets for the head's specs (and the evaluation's): classes as directions in
// D dimensions with Gaussian scatter, seeded so every run sees the same numbers. Not used at runtime.

import type { TrainingSet } from '../types';
import { gaussian, seededRandom, type Random } from './random';

export function unit(values: number[]): Float32Array {
  const norm = Math.sqrt(values.reduce((s, x) => s + x * x, 0)) || 1;
  return Float32Array.from(values.map((x) => x / norm));
}

export function randomUnit(d: number, random: Random): Float32Array {
  return unit(Array.from({ length: d }, () => gaussian(random)));
}

export interface ToyOptions {
  classes: number;
  perClass: number;
  dims: number;
  /** Scatter around the class direction (per coordinate, before normalising). */
  noise: number;
  seed: number;
  /** Class directions; random unit vectors when absent. */
  centres?: Float32Array[];
  /** Give each sample a full-image vector that carries no class information. */
  uninformativeFull?: boolean;
  anchors?: Float32Array[] | null;
  logitScale?: number;
}

export function toySet(options: ToyOptions): TrainingSet & { centres: Float32Array[] } {
  const random = seededRandom(options.seed);
  const centres = options.centres ?? Array.from({ length: options.classes }, () => randomUnit(options.dims, random));
  const samples: TrainingSet['samples'] = [];
  for (let c = 0; c < options.classes; c += 1) {
    for (let k = 0; k < options.perClass; k += 1) {
      const focus = unit(Array.from(centres[c]!, (x) => x + options.noise * gaussian(random)));
      const full = options.uninformativeFull ? randomUnit(options.dims, random) : unit(Array.from(centres[c]!, (x) => x + 2 * options.noise * gaussian(random)));
      samples.push({ id: `c${c}-${k}`, label: c, focus, full });
    }
  }
  return {
    engine: 'clip',
    classes: Array.from({ length: options.classes }, (_, c) => `class ${c}`),
    samples,
    anchors: options.anchors ?? null,
    logitScale: options.logitScale ?? 100,
    centres,
  };
}
