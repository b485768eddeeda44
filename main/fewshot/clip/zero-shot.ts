// Zero-shot scoring with CLIP: softmax over s · cos(image, class), s the model's logit scale. Plain
// maths on L2-normalised embeddings (what Featurizer.embed / embedClasses return), so the service and
// the evaluation can score without a head.

import { MaskcueError } from '../../../common/api';

export function l2Normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i += 1) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(v.length);
  if (norm > 0) for (let i = 0; i < v.length; i += 1) out[i] = v[i]! / norm;
  return out;
}

/** Class probabilities for one normalised image embedding against normalised class embeddings. */
export function zeroShotProbabilities(image: Float32Array, classes: readonly Float32Array[], logitScale: number): number[] {
  if (!classes.length) throw new MaskcueError('INVALID_ARGUMENT', 'Zero-shot scoring needs at least one class.');
  const logits = classes.map((c) => {
    if (c.length !== image.length) throw new MaskcueError('INVALID_ARGUMENT', `A class embedding has ${c.length} dimensions, the image ${image.length}.`);
    let dot = 0;
    for (let i = 0; i < c.length; i += 1) dot += c[i]! * image[i]!;
    return logitScale * dot;
  });
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
