// Conversions between wire tensors and ORT tensors, and the transfer list for replies.

import type { InferenceSession, OnnxValue, Tensor } from 'onnxruntime-node';
import { MaskcueError } from '../../../common/api';
import { TENSOR_TYPES, type TensorInfo, type TensorMap, type TensorType, type WireTensor } from '../protocol';
import type { Ort } from './ort-loader';

function isTensorType(type: string): type is TensorType {
  return (TENSOR_TYPES as readonly string[]).includes(type);
}

export function toOrtTensor(ort: Ort, tensor: WireTensor): Tensor {
  return new ort.Tensor(tensor.type, tensor.data, tensor.dims);
}

export function fromOrtValue(name: string, value: OnnxValue): WireTensor {
  // onnxruntime-node always returns CPU tensors (no IO binding in Node), but check rather than assume.
  const tensor = value as Tensor;
  if (tensor.location !== 'cpu' || !isTensorType(tensor.type)) {
    throw new MaskcueError('INTERNAL', `Output ${name} is a ${tensor.type} tensor on ${tensor.location}, which MaskCue cannot read.`);
  }
  return { type: tensor.type, dims: [...tensor.dims], data: tensor.data } as WireTensor;
}

export function tensorInfo(meta: InferenceSession.ValueMetadata): TensorInfo {
  if (!meta.isTensor) return { name: meta.name, type: 'non-tensor', shape: [] };
  return { name: meta.name, type: isTensorType(meta.type) ? meta.type : 'unsupported', shape: [...meta.shape] };
}

/**
 * Buffers a reply can hand over instead of copying. A view that shares its ArrayBuffer with other data
 * is copied first, because transferring would detach the rest of that buffer.
 */
export function takeTransferables(tensors: TensorMap): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  for (const tensor of Object.values(tensors)) {
    if (tensor.type === 'string') continue;
    let data = tensor.data;
    const whole = data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    if (!whole || list.includes(data.buffer as ArrayBuffer)) {
      data = data.slice() as typeof data;
      (tensor as { data: typeof data }).data = data;
    }
    list.push(data.buffer as ArrayBuffer);
  }
  return list;
}
