// Which SAM2 export family a pair of ONNX graphs is, from their input/output names and dtypes as the
// sessions report them (DESIGN.md: "The loader detects the format family ... and fails with a message
// that names what it found and what it expected"). A decoder must have exactly a family's inputs (we
// must feed every one) with a dtype that family uses, and at least its outputs; the encoder must
// have its input and the three feature outputs.

import { MaskcueError } from '../../../common/api';
import type { TensorInfo } from '../../inference/protocol';
import { SAM2_FAMILIES } from './families/registry';
import type { FamilyAdapter, IoSpec } from './families/types';

export interface ModelIo {
  inputs: readonly TensorInfo[];
  outputs: readonly TensorInfo[];
}

function describe(io: readonly TensorInfo[]): string {
  return io.map((t) => `${t.name} ${t.type} [${t.shape.join(', ')}]`).join(', ') || 'none';
}

function specText(specs: readonly IoSpec[]): string {
  return specs.map((s) => `${s.name} (${s.types.join('|')})`).join(', ');
}

/** Why `family` does not fit, or null when it does. */
export function mismatch(family: FamilyAdapter, encoder: ModelIo, decoder: ModelIo): string | null {
  const problems: string[] = [];
  const encIn = encoder.inputs.find((t) => t.name === family.encoder.input.name);
  if (!encIn) problems.push(`encoder input ${family.encoder.input.name} missing`);
  else if (!family.encoder.input.types.includes(encIn.type as never)) problems.push(`encoder input ${encIn.name} is ${encIn.type}`);
  for (const name of Object.values(family.encoder.outputs)) {
    if (!encoder.outputs.some((t) => t.name === name)) problems.push(`encoder output ${name} missing`);
  }
  const names = new Set(family.decoder.inputs.map((s) => s.name));
  for (const spec of family.decoder.inputs) {
    const found = decoder.inputs.find((t) => t.name === spec.name);
    if (!found) problems.push(`decoder input ${spec.name} missing`);
    else if (!spec.types.includes(found.type as never)) problems.push(`decoder input ${spec.name} is ${found.type}, expected ${spec.types.join(' or ')}`);
  }
  for (const extra of decoder.inputs.filter((t) => !names.has(t.name))) problems.push(`decoder has an unexpected input ${extra.name}`);
  for (const spec of family.decoder.outputs) {
    const found = decoder.outputs.find((t) => t.name === spec.name);
    if (!found) problems.push(`decoder output ${spec.name} missing`);
    else if (!spec.types.includes(found.type as never)) problems.push(`decoder output ${spec.name} is ${found.type}, expected ${spec.types.join(' or ')}`);
  }
  return problems.length ? problems.join('; ') : null;
}

/** SAM v1's official decoder: recognised so the message can say what it is rather than "unknown". */
function looksLikeSamV1(decoder: ModelIo): boolean {
  const names = new Set(decoder.inputs.map((t) => t.name));
  const orig = decoder.inputs.find((t) => t.name === 'orig_im_size');
  return names.has('image_embeddings') && !names.has('high_res_features1') && orig?.type === 'float32';
}

export function knownFamiliesText(): string {
  return SAM2_FAMILIES.map(
    (f) =>
      `${f.id} (${f.title}): encoder ${f.encoder.input.name} → ${Object.values(f.encoder.outputs).join(', ')}; decoder ${specText(f.decoder.inputs)} → ${specText(f.decoder.outputs)}`,
  ).join('\n  ');
}

export function detectFamily(encoder: ModelIo, decoder: ModelIo): FamilyAdapter {
  const reasons: string[] = [];
  for (const family of SAM2_FAMILIES) {
    const why = mismatch(family, encoder, decoder);
    if (!why) return family;
    reasons.push(`${family.id}: ${why}`);
  }
  const found = `Found encoder inputs: ${describe(encoder.inputs)}; outputs: ${describe(encoder.outputs)}. Decoder inputs: ${describe(decoder.inputs)}; outputs: ${describe(decoder.outputs)}.`;
  if (looksLikeSamV1(decoder)) {
    throw new MaskcueError(
      'MODEL_LOAD_FAILED',
      `This looks like a SAM v1 (Segment Anything 1) export, which MaskCue does not run yet: it needs a SAM2 export. ${found}\nKnown families:\n  ${knownFamiliesText()}`,
    );
  }
  throw new MaskcueError(
    'MODEL_LOAD_FAILED',
    `These ONNX files are not a SAM2 export MaskCue knows. ${found}\nKnown families:\n  ${knownFamiliesText()}\nClosest misses:\n  ${reasons.join('\n  ')}`,
  );
}

/**
 * Encoder or decoder, from the graph alone: a SAM2 encoder has a single input, a 4-D image with 3
 * channels; a decoder has several inputs. Used by `models add` to pair the files of a folder.
 */
export function roleOf(io: ModelIo): 'encoder' | 'decoder' | 'unknown' {
  if (io.inputs.length === 1) {
    const [input] = io.inputs;
    return input!.shape.length === 4 && input!.shape[1] === 3 && input!.type === 'float32' ? 'encoder' : 'unknown';
  }
  return io.inputs.length >= 3 ? 'decoder' : 'unknown';
}
