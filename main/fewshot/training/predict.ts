// Scoring with a trained (or zero-shot) head: the embedding through the head's view, logits
// s·f·Wᵀ, softmax. Also the zero-shot head: the text anchors as class rows, no training at all.

import { MaskcueError } from '../../../common/api';
import type { ClassifierEngine } from '../../../common/domain';
import type { Head, ImageEmbedding, TrainingSet } from '../types';
import { sigmoid } from './views';

/** In place: softmax of `logits`. */
export function softmaxInPlace(logits: Float64Array | Float32Array): void {
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z);
  let sum = 0;
  for (let j = 0; j < logits.length; j += 1) {
    logits[j] = Math.exp(logits[j]! - max);
    sum += logits[j]!;
  }
  for (let j = 0; j < logits.length; j += 1) logits[j]! /= sum;
}

function normalized(values: Float64Array): Float64Array {
  let sum = 0;
  for (const x of values) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let k = 0; k < values.length; k += 1) values[k]! /= norm;
  return values;
}

/** Which image embedding the head scores: its view, or for a zero-shot head the chosen input. */
export function headInput(head: Head): 'focus' | 'full' | 'fused' | 'mask' {
  return head.view === 'zero-shot' ? (head.zeroShotInput ?? 'focus') : head.view;
}

/** The normalised feature vector the head's rows are compared with. */
export function headFeature(head: Head, embedding: ImageEmbedding): Float64Array {
  const input = headInput(head);
  const d = head.dims;
  const need = (vector: Float32Array | null, what: string): Float32Array => {
    if (!vector) throw new MaskcueError('INVALID_ARGUMENT', `This head scores the ${what} view, and the embedding has no full-image vector. Embed the image with the head's CLIP model.`);
    if (vector.length !== d) throw new MaskcueError('INVALID_ARGUMENT', `The embedding has ${vector.length} values but the head expects ${d}: it comes from another model or feature version. Re-embed with the head's model.`);
    return vector;
  };
  const focus = need(embedding.focus, input);
  switch (input) {
    case 'focus':
      return normalized(Float64Array.from(focus));
    case 'full':
      return normalized(Float64Array.from(need(embedding.full, input)));
    case 'fused': {
      const full = need(embedding.full, input);
      const u = normalized(Float64Array.from(focus));
      const v = normalized(Float64Array.from(full));
      const a = sigmoid(head.theta);
      for (let k = 0; k < d; k += 1) u[k] = a * u[k]! + (1 - a) * v[k]!;
      return normalized(u);
    }
    case 'mask': {
      const out = Float64Array.from(focus);
      if (head.standardize) for (let k = 0; k < d; k += 1) out[k] = (out[k]! - head.standardize.mean[k]!) / head.standardize.std[k]!;
      return normalized(out);
    }
  }
}

/** The head's logits s·f·Wᵀ, in its class order. */
export function headLogits(head: Head, embedding: ImageEmbedding): Float64Array {
  const f = headFeature(head, embedding);
  const c = head.classes.length;
  const d = head.dims;
  const logits = new Float64Array(c);
  for (let j = 0; j < c; j += 1) {
    let dot = 0;
    for (let k = 0; k < d; k += 1) dot += f[k]! * head.weights[j * d + k]!;
    logits[j] = head.logitScale * dot;
  }
  return logits;
}

/** Class probabilities (softmax of the logits), in the head's class order. */
export function predictProbabilities(head: Head, embedding: ImageEmbedding): Float32Array {
  const logits = headLogits(head, embedding);
  softmaxInPlace(logits);
  return Float32Array.from(logits);
}

export interface ZeroShotSpec {
  classes: string[];
  anchors: Float32Array[];
  logitScale: number;
  engine?: ClassifierEngine;
}

/** A head whose rows are the (normalised) text anchors: CLIP with no exemplars. */
export function zeroShotHead(spec: Pick<TrainingSet, 'classes' | 'logitScale'> & ZeroShotSpec, input: 'focus' | 'full' = 'focus'): Head {
  const { classes, anchors, logitScale } = spec;
  if (classes.length < 2) throw new MaskcueError('INVALID_ARGUMENT', `A classifier needs at least two classes; this one has ${classes.length}. Add another class.`);
  if (anchors.length !== classes.length) throw new MaskcueError('INVALID_ARGUMENT', `There are ${anchors.length} text anchors for ${classes.length} classes. Recompute the class prompts.`);
  const d = anchors[0]!.length;
  const weights = new Float32Array(classes.length * d);
  anchors.forEach((anchor, c) => {
    if (anchor.length !== d) throw new MaskcueError('INVALID_ARGUMENT', `The text anchor of '${classes[c]}' has ${anchor.length} values, the others ${d}. Recompute the class prompts with one model.`);
    const row = normalized(Float64Array.from(anchor));
    if (row.some((x) => !Number.isFinite(x))) throw new MaskcueError('INVALID_ARGUMENT', `The text anchor of '${classes[c]}' is not finite. Recompute the class prompts.`);
    weights.set(row, c * d);
  });
  return {
    engine: spec.engine ?? 'clip',
    view: 'zero-shot',
    zeroShotInput: input,
    stage: 1,
    classes: classes.slice(),
    dims: d,
    weights,
    theta: 0,
    logitScale,
    standardize: null,
    steps: 0,
  };
}
