// Sizes read from the sessions' metadata instead of assumed (real SAM2: 1024 input, 256 low-res;
// MedSAM2-style exports: 512 / 128; our test models: 64 / 16). Where a dim is symbolic, the SAM2
// relations fill it in: the low-res grid is 4 × the stride-16 embedding, i.e. the input / 4.

import { MaskcueError } from '../../../common/api';
import type { Dim } from '../../inference/protocol';
import type { ModelIo } from './detect';
import type { FamilyAdapter, Geometry } from './families/types';

function fixed(dim: Dim | undefined): number | null {
  return typeof dim === 'number' && dim > 0 ? dim : null;
}

export const DEFAULT_INPUT_SIDE = 1024;

export function resolveGeometry(family: FamilyAdapter, encoder: ModelIo, decoder: ModelIo): Geometry {
  const input = encoder.inputs.find((t) => t.name === family.encoder.input.name)!;
  if (input.shape.length !== 4) {
    throw new MaskcueError('MODEL_LOAD_FAILED', `The encoder input ${input.name} has shape [${input.shape.join(', ')}]; a SAM2 encoder takes [1, 3, H, W].`);
  }
  const inputHeight = fixed(input.shape[2]) ?? DEFAULT_INPUT_SIDE;
  const inputWidth = fixed(input.shape[3]) ?? DEFAULT_INPUT_SIDE;

  const embed = encoder.outputs.find((t) => t.name === family.encoder.outputs.stride16);
  const fromEmbed = (axis: 2 | 3): number | null => {
    const side = fixed(embed?.shape[axis]);
    return side ? side * 4 : null;
  };
  const maskSpec = family.maskInput ? decoder.inputs.find((t) => t.name === family.maskInput!.mask) : undefined;
  const lowResOut = decoder.outputs.find((t) => t.name === 'pred_masks' || t.name === 'low_res_masks');
  const maskHeight = fixed(maskSpec?.shape[2]) ?? fixed(lowResOut?.shape.at(-2)) ?? fromEmbed(2) ?? Math.round(inputHeight / 4);
  const maskWidth = fixed(maskSpec?.shape[3]) ?? fixed(lowResOut?.shape.at(-1)) ?? fromEmbed(3) ?? Math.round(inputWidth / 4);

  const types: Record<string, Geometry['types'][string]> = {};
  const dims: Record<string, readonly Dim[]> = {};
  for (const t of decoder.inputs) {
    if (t.type !== 'non-tensor' && t.type !== 'unsupported') types[t.name] = t.type;
    dims[t.name] = t.shape;
  }
  return { inputWidth, inputHeight, maskWidth, maskHeight, types, dims };
}
