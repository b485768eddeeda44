// Refusals before any arithmetic: the head would otherwise train on garbage silently (a NaN spreads
// through every row; a missing class can never be predicted). Each message says what to do.

import { MaskcueError } from '../../../common/api';
import type { TrainingSet, TrainOptions } from '../types';

function refuse(message: string): never {
  throw new MaskcueError('INVALID_ARGUMENT', message);
}

function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let k = 0; k < values.length; k += 1) {
    if (!Number.isFinite(values[k]!)) refuse(`${what} has a ${String(values[k])} at position ${k}. Re-embed it (the image or its mask may be empty or damaged), or remove it.`);
  }
}

/** Throws INVALID_ARGUMENT when the set cannot train a head for this view. Returns D. */
export function validateTrainingSet(set: TrainingSet, options: Pick<TrainOptions, 'view' | 'stage'>): number {
  const { classes, samples, anchors } = set;
  if (classes.length < 2) refuse(`A classifier needs at least two classes; this one has ${classes.length}. Add another class with exemplars.`);
  if (options.stage !== 1 && options.stage !== 2) refuse(`stage must be 1 (prototypes) or 2 (learned prompt), not ${String(options.stage)}.`);
  const view = options.view;
  if (set.engine === 'radiomics' && view !== 'mask') refuse(`Radiomics features have one view, 'mask'; '${view}' needs a CLIP model.`);
  if (set.engine === 'clip' && view === 'mask') refuse(`The 'mask' view is for radiomics features; with CLIP use 'focus', 'full' or 'fused'.`);
  if (!['focus', 'full', 'fused', 'mask'].includes(view)) refuse(`Unknown view '${String(view)}': use 'focus', 'full', 'fused' (CLIP) or 'mask' (radiomics).`);
  if (!(set.logitScale > 0) || !Number.isFinite(set.logitScale)) refuse(`The logit scale must be a positive number, not ${set.logitScale}.`);

  const counts = new Array<number>(classes.length).fill(0);
  for (const s of samples) {
    if (!Number.isInteger(s.label) || s.label < 0 || s.label >= classes.length) {
      refuse(`Exemplar ${s.id} has label ${s.label}, but there are ${classes.length} classes (0–${classes.length - 1}). Relabel it.`);
    }
    counts[s.label]! += 1;
  }
  const empty = classes.filter((_, c) => counts[c] === 0);
  if (empty.length) refuse(`Class${empty.length > 1 ? 'es' : ''} ${empty.map((n) => `'${n}'`).join(', ')} ha${empty.length > 1 ? 've' : 's'} no exemplars. Add at least one exemplar to each class, or remove the empty class.`);

  const d = samples[0]!.focus.length;
  if (d === 0) refuse('The embeddings are empty (0 values). Re-embed the exemplars.');
  const needsFull = view === 'full' || view === 'fused';
  for (const s of samples) {
    if (s.focus.length !== d) refuse(`Exemplar ${s.id} has ${s.focus.length} values but others have ${d}: embeddings from different models or feature versions are mixed. Re-embed the library with one model.`);
    checkFinite(s.focus, `Exemplar ${s.id}'s embedding`);
    if (view !== 'mask' && s.focus.every((x) => x === 0)) refuse(`Exemplar ${s.id}'s embedding is all zeros. Re-embed it (the image may be blank).`);
    if (needsFull) {
      if (!s.full) refuse(`The '${view}' view needs full-image embeddings, and exemplar ${s.id} has none${set.engine === 'radiomics' ? " (radiomics gives none: use the 'mask' view)" : ''}. Re-embed it with a CLIP model, or train the 'focus' view.`);
      if (s.full.length !== d) refuse(`Exemplar ${s.id}'s full-image embedding has ${s.full.length} values, its focus embedding ${d}. Re-embed it.`);
      checkFinite(s.full, `Exemplar ${s.id}'s full-image embedding`);
      if (s.full.every((x) => x === 0)) refuse(`Exemplar ${s.id}'s full-image embedding is all zeros. Re-embed it (the image may be blank).`);
    }
  }
  if (anchors) {
    if (anchors.length !== classes.length) refuse(`There are ${anchors.length} text anchors for ${classes.length} classes. Recompute the class prompts.`);
    anchors.forEach((a, c) => {
      if (a.length !== d) refuse(`The text anchor of '${classes[c]}' has ${a.length} values, the image embeddings ${d}: they come from different models. Recompute the class prompts with the same model.`);
      checkFinite(a, `The text anchor of '${classes[c]}'`);
    });
  }
  return d;
}
