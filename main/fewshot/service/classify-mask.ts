// Classify the current image and mask with the active pack; with `explain`, an occlusion-sensitivity
// heat map (method.md §5): each cell around the mask is greyed out in turn, the image re-embedded, and
// the drop in the top class's log-odds is that cell's heat. The result names pack, version and
// exemplars, and is kept in the workspace so a report can state it.

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MaskcueError } from '../../../common/api';
import type { BinaryMask, ClassificationResult, FrameRef, Voi } from '../../../common/domain';
import { checkBinary } from '../../segmentation/service/mask-blob';
import { indexedInstance } from '../../segmentation/service/instance-info';
import type { Workspace } from '../../workspace/workspace';
import { heatFromDrops, occlusionPlan } from '../focus/occlusion';
import type { PackStore, StoredPack } from '../store/packs';
import { headLogits, predictProbabilities } from '../training/train';
import type { SegmentImage } from '../../segmentation/types';
import type { Featurizer, Head, ImageEmbedding, MaskedImage } from '../types';
import { imageOfFrame, type FrameSource } from './exemplar-images';
import type { OpenedFeaturizer } from './featurizer-slot';

/** Occluded copies are embedded this many at a time (one host run each). */
export const EXPLAIN_BATCH = 8;
/**
 * Cells for a CLIP heat map: each is one more image through the vision tower (two with the original:
 * ~0.45 s per cell for ViT-B/16 on a 2-core CPU, tests/bench/fewshot.bench.ts), so 24 instead of the
 * plan's default 48 keeps "explain" near 10 s there; radiomics cells cost milliseconds.
 */
export const CLIP_EXPLAIN_CELLS = 24;

/**
 * The top class's log-odds against the rest, log p / (1 − p), from the logits: the heat map measures
 * its drop, because a confident probability saturates at 1 in floating point and every occlusion would
 * read as "no effect" even where it moves the evidence a lot.
 */
export function topLogOdds(head: Head, embedding: ImageEmbedding, top: number): number {
  const logits = Array.from(headLogits(head, embedding));
  const others = logits.filter((_, j) => j !== top);
  const m = Math.max(...others);
  return logits[top]! - (m + Math.log(others.reduce((sum, z) => sum + Math.exp(z - m), 0)));
}

export interface ClassifyDeps {
  workspace: Workspace;
  packs: PackStore;
  frames: FrameSource;
}

export interface ClassifyRequest {
  target: FrameRef;
  voi: Voi | null;
  mask: BinaryMask;
  segmentId?: string | null;
  explain: boolean;
}

/** Scores one image and mask with a pack (and explains it): the part shared by the app and the CLI. */
export async function scoreImage(featurizer: Featurizer, pack: StoredPack, image: SegmentImage, mask: Uint8Array, explain: boolean): Promise<ClassificationResult> {
  const started = performance.now();
  if (pack.extras.fingerprint !== featurizer.fingerprint) {
    throw new MaskcueError('INVALID_ARGUMENT', `Prompt pack v${pack.summary.version} was trained on another version of ${featurizer.modelId}. Train again to use the installed model.`);
  }
  if (image.width * image.height !== mask.length) throw new MaskcueError('INVALID_ARGUMENT', `The mask has ${mask.length} pixels but the image is ${image.width} × ${image.height}.`);
  const focus = pack.summary.focus;
  const [embedding] = await featurizer.embed([{ image, mask }], focus);
  const probabilities = Array.from(predictProbabilities(pack.head, embedding!));
  const embedMs = performance.now() - started;
  const top = probabilities.indexOf(Math.max(...probabilities));

  let heatmap: ClassificationResult['heatmap'] = null;
  const explainStarted = performance.now();
  if (explain) {
    const plan = occlusionPlan(image, mask, { maxCells: featurizer.engine === 'clip' ? CLIP_EXPLAIN_CELLS : undefined });
    const occluded: number[] = [];
    for (let i = 0; i < plan.cells.length; i += EXPLAIN_BATCH) {
      const items: MaskedImage[] = [];
      for (let c = i; c < Math.min(plan.cells.length, i + EXPLAIN_BATCH); c += 1) items.push(plan.occlude(c));
      for (const e of await featurizer.embed(items, focus)) occluded.push(topLogOdds(pack.head, e, top));
    }
    heatmap = heatFromDrops(plan, topLogOdds(pack.head, embedding!, top), occluded);
  }
  return {
    classes: pack.summary.classes,
    probabilities,
    top,
    uncertain: probabilities[top]! < pack.summary.uncertainBelow,
    packId: pack.summary.id,
    packVersion: pack.summary.version,
    engine: pack.summary.engine,
    modelId: pack.summary.modelId,
    focus,
    exemplarsPerClass: pack.summary.exemplarsPerClass,
    heatmap,
    times: { embedMs, explainMs: explain ? performance.now() - explainStarted : 0, totalMs: performance.now() - started },
  };
}

export async function classifyMask(deps: ClassifyDeps, opened: OpenedFeaturizer, request: ClassifyRequest): Promise<ClassificationResult> {
  const { featurizer } = opened;
  const pack = deps.packs.active(featurizer.engine, featurizer.modelId);
  if (!pack) {
    throw new MaskcueError(
      'NOT_FOUND',
      `There is no prompt pack for ${opened.title} yet. Add exemplars for at least two classes and press Train in the Training panel.`,
    );
  }
  if (checkBinary(request.mask) === 0) throw new MaskcueError('INVALID_ARGUMENT', 'The mask is empty: outline the finding first.');
  const instance = indexedInstance(deps.workspace.db, request.target.SOPInstanceUID);
  const image = await imageOfFrame(deps.frames, request.target, request.voi);
  if (image.width !== request.mask.width || image.height !== request.mask.height) {
    throw new MaskcueError('INVALID_ARGUMENT', `The mask is ${request.mask.width} × ${request.mask.height} but the image is ${image.width} × ${image.height}.`);
  }
  const result = await scoreImage(featurizer, pack, image, request.mask.data, request.explain);
  const { heatmap, probabilities, top } = result;
  const stored = { ...result, heatmap: heatmap ? { ...heatmap, data: Array.from(heatmap.data) } : null };
  deps.workspace.transaction(() => {
    deps.workspace.db.run('INSERT INTO classifications VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      randomUUID(),
      request.target.SOPInstanceUID,
      request.target.frame,
      instance.StudyInstanceUID,
      request.segmentId ?? null,
      pack.summary.id,
      JSON.stringify(stored),
      new Date().toISOString(),
    ]);
    const verdict = result.uncertain ? 'uncertain' : `${result.classes[top]} ${probabilities[top]!.toFixed(2)}`;
    deps.workspace.audit('fewshot.classify', `${request.target.SOPInstanceUID} frame ${request.target.frame}: ${verdict} (pack v${pack.summary.version})`, instance.StudyInstanceUID);
  });
  return result;
}
