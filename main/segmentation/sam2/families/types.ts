// One adapter per public SAM2 ONNX export family (notes/model-formats.md §1, table §1g). An adapter
// states the family's contract (names and accepted dtypes of every encoder/decoder input and output)
// and turns prompts in the model's frame into that family's feeds, and its outputs back into masks.
// Sizes are never assumed: the geometry (encoder input side, low-res side, dtypes) is read from the
// sessions' metadata by contract.ts.

import type { TensorMap, TensorType } from '../../../inference/protocol';

export type Sam2FamilyId = 'samexporter' | 'ibaigorordo' | 'rectlabel' | 'ms-ort' | 'onnx-community';

export interface IoSpec {
  name: string;
  /** Element types this family is known to use for it (read the real one from the metadata). */
  types: readonly TensorType[];
}

export interface FamilySpec {
  id: Sam2FamilyId;
  title: string;
  /** Where the contract is written down. */
  reference: string;
  encoder: {
    input: IoSpec;
    /** stride-4, stride-8 and stride-16 features (real: [1,32,256,256], [1,64,128,128], [1,256,64,64]). */
    outputs: { stride4: string; stride8: string; stride16: string };
  };
  decoder: {
    /** Every input the decoder has (a decoder with another input is not this family). */
    inputs: readonly IoSpec[];
    /** Outputs this family needs (others may exist). */
    outputs: readonly IoSpec[];
  };
  /** Decoder input name → the encoder output it takes. */
  features: Readonly<Record<string, string>>;
  /** Names of the previous-mask inputs, or null when the family cannot refine from a mask. */
  maskInput: { mask: string; has: string } | null;
}

/** What the sessions' metadata says, resolved once per model (contract.ts). */
export interface Geometry {
  /** The encoder's input frame; prompts are mapped x·inputWidth/W, y·inputHeight/H. */
  inputWidth: number;
  inputHeight: number;
  /** The low-res logits grid, which is also mask_input's size. */
  maskWidth: number;
  maskHeight: number;
  /** Element type of each decoder input, from the metadata. */
  types: Readonly<Record<string, TensorType>>;
  /** Dims of each decoder input as declared (numbers or symbolic names). */
  dims: Readonly<Record<string, readonly (number | string)[]>>;
}

/** Prompts in the model's frame (already scaled; no +0.5: the graphs add it themselves). */
export interface FramePrompts {
  points: { x: number; y: number; label: 0 | 1 }[];
  box: { x1: number; y1: number; x2: number; y2: number } | null;
}

export interface DecodeContext {
  geometry: Geometry;
  imageWidth: number;
  imageHeight: number;
}

export interface DecoderOutputs {
  /** Number of masks M. */
  count: number;
  /** Predicted IoU per mask. */
  iou: Float32Array;
  /** M low-res logit grids, when the family returns them. */
  lowRes: { data: Float32Array; width: number; height: number } | null;
  /** M full-resolution logit grids, when the family returns only those (ibaiGorordo). */
  full: { data: Float32Array; width: number; height: number } | null;
  /** Index of the single-mask token (meant for several prompts), or null. */
  singleToken: number | null;
  /** Indices of the multimask tokens (meant for one ambiguous prompt). */
  multiTokens: number[];
  /** onnx-community's object score logit (< 0: the model sees no object), when present. */
  objectScore: number | null;
}

export interface FamilyAdapter extends FamilySpec {
  /** Outputs to fetch from the decoder. */
  fetches: readonly string[];
  /** The predicted-IoU output and the mask output ([..., K, h, w]); `full` when masks come at image size. */
  candidates: { iou: string; masks: string; full: boolean };
  /** Prompt and mask feeds (the features come from the host's tensor cache). */
  feeds(prompts: FramePrompts, previousMask: Float32Array | null, context: DecodeContext): TensorMap;
  read(outputs: TensorMap, context: DecodeContext): DecoderOutputs;
}

/**
 * Single-mask and multimask tokens by mask count, the same in every family: 1 mask → it is all there
 * is; 3 → the multimask tokens (the export dropped token 0); 4 → token 0 is the single-mask token and
 * 1..3 the multimask ones (RectLabel, SAM v1-style).
 */
export function tokensFor(count: number): { singleToken: number | null; multiTokens: number[] } {
  if (count === 1) return { singleToken: 0, multiTokens: [] };
  if (count === 4) return { singleToken: 0, multiTokens: [1, 2, 3] };
  return { singleToken: null, multiTokens: Array.from({ length: count }, (_, i) => i) };
}
