// onnx-community / transformers.js (sam2.1-hiera-*-ONNX). notes/model-formats.md §1b: vision_encoder
// pixel_values → image_embeddings.0/.1/.2; prompt_encoder_mask_decoder with 4-D input_points, int64
// input_labels, input_boxes [B, NB, 4] (NB = 0 when there is no box) and no mask input: refinement is
// by re-sending every prompt, which the engine always does. Outputs 3 multimask low-res logits.

import type { TensorMap } from '../../../inference/protocol';
import { floatOutput, numericTensor } from './feed-tensors';
import { tokensFor, type DecodeContext, type DecoderOutputs, type FamilyAdapter, type FramePrompts } from './types';

export const onnxCommunity: FamilyAdapter = {
  id: 'onnx-community',
  title: 'onnx-community / transformers.js',
  reference: 'notes/model-formats.md §1b (huggingface/transformers.js src/models/sam2)',
  encoder: {
    input: { name: 'pixel_values', types: ['float32'] },
    outputs: { stride4: 'image_embeddings.0', stride8: 'image_embeddings.1', stride16: 'image_embeddings.2' },
  },
  decoder: {
    inputs: [
      { name: 'input_points', types: ['float32'] },
      { name: 'input_labels', types: ['int64'] },
      { name: 'input_boxes', types: ['float32'] },
      { name: 'image_embeddings.0', types: ['float32'] },
      { name: 'image_embeddings.1', types: ['float32'] },
      { name: 'image_embeddings.2', types: ['float32'] },
    ],
    outputs: [
      { name: 'iou_scores', types: ['float32'] },
      { name: 'pred_masks', types: ['float32'] },
      { name: 'object_score_logits', types: ['float32'] },
    ],
  },
  features: { 'image_embeddings.0': 'image_embeddings.0', 'image_embeddings.1': 'image_embeddings.1', 'image_embeddings.2': 'image_embeddings.2' },
  maskInput: null,
  fetches: ['iou_scores', 'pred_masks', 'object_score_logits'],
  candidates: { iou: 'iou_scores', masks: 'pred_masks', full: false },

  feeds(prompts: FramePrompts, _previous: Float32Array | null, ctx: DecodeContext): TensorMap {
    const coords: number[] = [];
    const labels: number[] = [];
    for (const p of prompts.points) {
      coords.push(p.x, p.y);
      labels.push(p.label);
    }
    const box = prompts.box;
    return {
      input_points: numericTensor(ctx.geometry.types.input_points ?? 'float32', [1, 1, labels.length, 2], coords),
      input_labels: numericTensor(ctx.geometry.types.input_labels ?? 'int64', [1, 1, labels.length], labels),
      input_boxes: numericTensor(ctx.geometry.types.input_boxes ?? 'float32', [1, box ? 1 : 0, 4], box ? [box.x1, box.y1, box.x2, box.y2] : []),
    };
  },

  read(out: TensorMap): DecoderOutputs {
    const iou = floatOutput(out, 'iou_scores');
    const masks = floatOutput(out, 'pred_masks');
    const count = iou.dims.at(-1)!;
    const score = out.object_score_logits;
    return {
      count,
      iou: iou.data.subarray(0, count),
      lowRes: { data: masks.data, width: masks.dims.at(-1)!, height: masks.dims.at(-2)! },
      full: null,
      objectScore: score && score.type === 'float32' ? score.data[0]! : null,
      ...tokensFor(count),
    };
  },
};
