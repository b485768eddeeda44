// The CLIP towers' I/O contract, checked against what the loaded sessions report (DESIGN.md: names,
// dtypes and shapes written down at the boundary and checked against the session's metadata).
// Vision: one image input, float32 (or float16 in fp16 exports) [batch, 3, H, W] → embeddings [batch, D].
// Text: token ids int64 (int32 in immich's exports) [batch, seq], attention_mask fed only when the
// graph lists it → embeddings [batch, D]. Extra outputs (last_hidden_state, pooler_output) are ignored.
// Names by exporter: transformers.js/optimum pixel_values → image_embeds, input_ids → text_embeds;
// Lednik7/CLIP-ONNX input → output; immich image → embedding, text → embedding.

import { MaskcueError } from '../../../common/api';
import type { LoadedSession, TensorInfo } from '../../inference/host-client';
import type { Dim } from '../../inference/protocol';

export const VISION_INPUTS = ['pixel_values', 'image', 'images', 'input'] as const;
export const VISION_OUTPUTS = ['image_embeds', 'embedding', 'image_features', 'output'] as const;
export const TEXT_INPUTS = ['input_ids', 'text', 'tokens', 'input'] as const;
export const TEXT_OUTPUTS = ['text_embeds', 'embedding', 'text_features', 'output'] as const;

export interface VisionIo {
  input: string;
  inputType: 'float32' | 'float16';
  output: string;
  outputType: 'float32' | 'float16';
  /** Fixed batch size (1 in some exports), null when free. */
  batch: number | null;
  height: number | null;
  width: number | null;
  dims: number | null;
}

export interface TextIo {
  input: string;
  inputType: 'int64' | 'int32';
  attentionMask: { name: string; type: 'int64' | 'int32' } | null;
  output: string;
  outputType: 'float32' | 'float16';
  batch: number | null;
  sequence: number | null;
  dims: number | null;
}

function describe(io: readonly TensorInfo[]): string {
  return io.map((t) => `${t.name} ${t.type} [${t.shape.join(', ')}]`).join('; ') || 'none';
}

function fixed(d: Dim | undefined): number | null {
  return typeof d === 'number' && d > 0 ? d : null;
}

function fail(kind: string, session: LoadedSession, problem: string, expected: string): MaskcueError {
  return new MaskcueError(
    'MODEL_LOAD_FAILED',
    `The ${kind} model ${session.modelPath} ${problem}. Found inputs: ${describe(session.inputs)}. Found outputs: ${describe(session.outputs)}. ` +
      `Expected ${expected}. Export the tower with its projection (optimum: CLIP${kind === 'vision' ? 'Vision' : 'Text'}ModelWithProjection).`,
  );
}

function pick(list: readonly TensorInfo[], names: readonly string[]): TensorInfo | undefined {
  for (const n of names) {
    const t = list.find((x) => x.name === n);
    if (t) return t;
  }
  return undefined;
}

const VISION_EXPECTED = `input ${VISION_INPUTS.join(' | ')} float32 [batch, 3, H, W] → output ${VISION_OUTPUTS.join(' | ')} float32 [batch, D]`;
const TEXT_EXPECTED = `input ${TEXT_INPUTS.join(' | ')} int64 [batch, sequence] (attention_mask optional) → output ${TEXT_OUTPUTS.join(' | ')} float32 [batch, D]`;

export function visionIo(session: LoadedSession): VisionIo {
  const input = pick(session.inputs, VISION_INPUTS);
  if (!input) throw fail('vision', session, 'has no image input', VISION_EXPECTED);
  const extra = session.inputs.filter((t) => t !== input);
  if (extra.length) throw fail('vision', session, `needs inputs MaskCue cannot feed (${extra.map((t) => t.name).join(', ')})`, VISION_EXPECTED);
  if (input.type !== 'float32' && input.type !== 'float16') throw fail('vision', session, `takes ${input.name} as ${input.type}`, VISION_EXPECTED);
  if (input.shape.length !== 4 || (typeof input.shape[1] === 'number' && input.shape[1] !== 3)) {
    throw fail('vision', session, `takes ${input.name} with shape [${input.shape.join(', ')}]`, VISION_EXPECTED);
  }
  const output = pick(session.outputs, VISION_OUTPUTS);
  if (!output) throw fail('vision', session, 'has no image-embedding output', VISION_EXPECTED);
  if ((output.type !== 'float32' && output.type !== 'float16') || output.shape.length !== 2) {
    throw fail('vision', session, `gives ${output.name} as ${output.type} [${output.shape.join(', ')}]`, VISION_EXPECTED);
  }
  return {
    input: input.name,
    inputType: input.type,
    output: output.name,
    outputType: output.type,
    batch: fixed(input.shape[0]),
    height: fixed(input.shape[2]),
    width: fixed(input.shape[3]),
    dims: fixed(output.shape[1]),
  };
}

export function textIo(session: LoadedSession): TextIo {
  const input = pick(session.inputs, TEXT_INPUTS);
  if (!input) throw fail('text', session, 'has no token-id input', TEXT_EXPECTED);
  const mask = session.inputs.find((t) => t.name === 'attention_mask');
  const extra = session.inputs.filter((t) => t !== input && t !== mask);
  if (extra.length) throw fail('text', session, `needs inputs MaskCue cannot feed (${extra.map((t) => t.name).join(', ')})`, TEXT_EXPECTED);
  if ((input.type !== 'int64' && input.type !== 'int32') || input.shape.length !== 2) {
    throw fail('text', session, `takes ${input.name} as ${input.type} [${input.shape.join(', ')}]`, TEXT_EXPECTED);
  }
  if (mask && mask.type !== 'int64' && mask.type !== 'int32') throw fail('text', session, `takes attention_mask as ${mask.type}`, TEXT_EXPECTED);
  const output = pick(session.outputs, TEXT_OUTPUTS);
  if (!output) throw fail('text', session, 'has no text-embedding output', TEXT_EXPECTED);
  if ((output.type !== 'float32' && output.type !== 'float16') || output.shape.length !== 2) {
    throw fail('text', session, `gives ${output.name} as ${output.type} [${output.shape.join(', ')}]`, TEXT_EXPECTED);
  }
  return {
    input: input.name,
    inputType: input.type,
    attentionMask: mask ? { name: mask.name, type: mask.type as 'int64' | 'int32' } : null,
    output: output.name,
    outputType: output.type,
    batch: fixed(input.shape[0]),
    sequence: fixed(input.shape[1]),
    dims: fixed(output.shape[1]),
  };
}
