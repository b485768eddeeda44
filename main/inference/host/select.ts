// The host half of RunRequest.select (protocol.ts): rank a multi-candidate output by its scores and
// keep one candidate, so only that one crosses back to main. The candidate axis is the third from the
// end ([..., K, h, w], SAM2's masks in every family), matched against the scores' last axis.

import type { Tensor } from 'onnxruntime-node';
import { MaskcueError } from '../../../common/api';
import type { SelectSpec } from '../protocol';
import type { Ort } from './ort-loader';

/** The candidate order of a select: lead first, then the candidates by score, highest first (ties by index). */
export function candidateOrder(scores: ArrayLike<number>, spec: Pick<SelectSpec, 'candidates' | 'lead'>): number[] {
  const byScore = [...spec.candidates].sort((a, b) => scores[b]! - scores[a]! || a - b);
  return spec.lead === null ? byScore : [spec.lead, ...byScore.filter((c) => c !== spec.lead)];
}

export interface Selected {
  index: number;
  order: number[];
  /** The chosen candidate, the candidate axis kept with size 1. */
  tensor: Tensor;
  /**
   * The chosen candidate as [1, 1, h, w], on its own buffer: `tensor`'s buffer is transferred to main
   * with the reply (worker-thread host), which would leave a cached view of it empty.
   */
  grid: Tensor;
}

export function selectCandidate(ort: Ort, output: Tensor, scores: Tensor, spec: SelectSpec): Selected {
  const dims = output.dims;
  if (output.type !== 'float32' || dims.length < 3) {
    throw new MaskcueError('INVALID_ARGUMENT', `Output ${spec.output} must be a float32 tensor [..., K, h, w] to select from, got ${output.type} [${dims.join(', ')}].`);
  }
  const k = dims[dims.length - 3]!;
  const h = dims[dims.length - 2]!;
  const w = dims[dims.length - 1]!;
  const scoreData = scores.data as Float32Array;
  if (scores.type !== 'float32' || scores.dims.at(-1) !== k) {
    throw new MaskcueError('INVALID_ARGUMENT', `Scores ${spec.scores} must be float32 [..., ${k}] to rank ${spec.output}'s ${k} candidates.`);
  }
  const outOfRange = [...spec.candidates, ...(spec.lead === null ? [] : [spec.lead])].filter((c) => c >= k);
  if (outOfRange.length) throw new MaskcueError('INVALID_ARGUMENT', `Output ${spec.output} has ${k} candidates; there is no candidate ${outOfRange.join(', ')}.`);
  if (output.data.length !== k * h * w) {
    throw new MaskcueError('INVALID_ARGUMENT', `Select works on one prompt set at a time; ${spec.output} has a batch of ${output.data.length / (k * h * w)}.`);
  }
  const order = candidateOrder(scoreData, spec);
  const index = order[spec.rank % order.length]!;
  const data = (output.data as Float32Array).slice(index * h * w, (index + 1) * h * w);
  const keptDims = [...dims];
  keptDims[dims.length - 3] = 1;
  return { index, order, tensor: new ort.Tensor('float32', data, keptDims), grid: new ort.Tensor('float32', data.slice(), [1, 1, h, w]) };
}
