// Tensors in the element type the session's metadata declares: the same family ships labels as
// float32 (samexporter), int32 (Microsoft) or int64 (onnx-community), and orig_im_size as int32 or
// int64, so every numeric feed goes through here rather than assuming one.

import { MaskcueError } from '../../../../common/api';
import type { TensorMap, TensorType, WireTensor } from '../../../inference/protocol';
import type { FramePrompts } from './types';

export function numericTensor(type: TensorType, dims: number[], values: ArrayLike<number>): WireTensor {
  const n = values.length;
  switch (type) {
    case 'float32':
      return { type, dims, data: Float32Array.from(values) };
    case 'float64':
      return { type, dims, data: Float64Array.from(values) };
    case 'int32':
      return { type, dims, data: Int32Array.from(values) };
    case 'int64': {
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i += 1) data[i] = BigInt(Math.round(values[i]!));
      return { type, dims, data };
    }
    case 'int16':
      return { type, dims, data: Int16Array.from(values) };
    case 'int8':
      return { type, dims, data: Int8Array.from(values) };
    case 'uint8':
      return { type, dims, data: Uint8Array.from(values) };
    default:
      throw new MaskcueError('MODEL_LOAD_FAILED', `MaskCue cannot feed a ${type} tensor to this model (only float and integer inputs).`);
  }
}

/**
 * Points then nothing else, box corners first as labels 2 and 3 (notes §6.1), flattened. No padding
 * point and no +0.5: every SAM2 export appends (0,0,−1) and adds 0.5 inside the graph.
 */
export function pointList(prompts: FramePrompts): { coords: number[]; labels: number[] } {
  const coords: number[] = [];
  const labels: number[] = [];
  if (prompts.box) {
    coords.push(prompts.box.x1, prompts.box.y1, prompts.box.x2, prompts.box.y2);
    labels.push(2, 3);
  }
  for (const p of prompts.points) {
    coords.push(p.x, p.y);
    labels.push(p.label);
  }
  return { coords, labels };
}

/** The float data of a fetched output, checked. */
export function floatOutput(outputs: TensorMap, name: string): { data: Float32Array; dims: number[] } {
  const t = outputs[name];
  if (!t) throw new MaskcueError('INTERNAL', `The decoder returned no ${name} output.`);
  if (t.type !== 'float32') throw new MaskcueError('MODEL_LOAD_FAILED', `The decoder's ${name} output is ${t.type}; MaskCue expects float32.`);
  return { data: t.data, dims: t.dims };
}
