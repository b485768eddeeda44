// The smallest model that proves a provider works end to end: y = Identity(x), x float32 [1].
// Built in memory so the probe needs no file on disk and cannot be broken by a missing model folder.

import onnxProto from 'onnx-proto';
import type { onnx as proto } from 'onnx-proto';

// onnx-proto is CommonJS (module.exports = root); Node's ESM loader exposes it only as the default.
const { onnx } = onnxProto;

export const PROBE_INPUT = 'x';
export const PROBE_OUTPUT = 'y';

function floatVector(name: string): proto.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }] } } },
  };
}

export function buildProbeModel(): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'maskcue-probe',
    graph: {
      name: 'probe',
      node: [{ opType: 'Identity', input: [PROBE_INPUT], output: [PROBE_OUTPUT], name: 'identity' }],
      input: [floatVector(PROBE_INPUT)],
      output: [floatVector(PROBE_OUTPUT)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
