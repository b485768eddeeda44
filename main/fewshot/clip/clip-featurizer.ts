// CLIP behind the Featurizer seam (main/fewshot/types.ts): both towers run in the inference host
// (never on main's loop); focus views and originals go through the vision tower in one batch and come
// back L2-normalised; class embeddings are prompt-ensembled (mean of the normalised template
// embeddings, renormalised — CLIP paper §3.1.4).
// Batching: exports with a free batch dimension get up to `maxItems` items (2 × that many images) per
// run; exports fixed at batch 1 (immich's) get one image per run; another fixed batch is filled up with
// zero rows whose embeddings are dropped.
// Logit scale: 100 (OpenAI CLIP's trained, clamped value). config.json's logit_scale_init_value is NOT
// used: it is the initialisation (2.6592 = ln(1/0.07) in every HF CLIP config, → 14.3), not the trained
// value, which lives in the weights; a config with an explicit `logit_scale` (a trained log-scale) is used.

import { MaskcueError } from '../../../common/api';
import type { FocusMode } from '../../../common/domain';
import type { InferenceHost, LoadedSession, TensorMap, WireTensor } from '../../inference/host-client';
import { buildPixelBatch } from '../focus/pixel-batch';
import { DEFAULT_CLIP_PREPROCESS, outputSize, type ClipPreprocess } from '../focus/preprocess-config';
import type { ClassPrompt, Featurizer, ImageEmbedding, MaskedImage } from '../types';
import { textIo, visionIo, type TextIo, type VisionIo } from './clip-io';
import { fromHalf, toHalf } from './half';
import { detectClipFolder, type ClipFolder } from './model-folder';
import { loadClipTokenizer, type ClipTokenizer } from './tokenizer';
import { l2Normalise } from './zero-shot';

export const DEFAULT_LOGIT_SCALE = 100;
export const DEFAULT_CONTEXT_LENGTH = 77;
/** The paper's template, used for a class given without templates. */
export const DEFAULT_TEMPLATE = 'This is a photo of {class}';

export interface ClipFeaturizerOptions {
  host: InferenceHost;
  folder: string;
  modelId: string;
  fingerprint: string;
  /** 'fp32' (default), 'fp16', 'quantized', ... (transformers.js folders). */
  variant?: string;
  /** Items per vision run when the batch is free (each item is two images). Default 16. */
  maxItems?: number;
}

export interface ClipFeaturizer extends Featurizer {
  readonly engine: 'clip';
  readonly folder: ClipFolder;
  readonly preprocess: ClipPreprocess;
  readonly provider: string;
  readonly contextLength: number | null;
  readonly vision: VisionIo;
  readonly text: TextIo | null;
  /** L2-normalised embedding of each text, as the text tower gives it (no ensembling). */
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
}

function numberAt(o: unknown, ...path: string[]): number | null {
  let cur: unknown = o;
  for (const key of path) {
    if (!cur || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === 'number' && Number.isFinite(cur) ? cur : null;
}

/** 100, or exp(config.logit_scale) clamped to 100 as CLIP clamps it. See the header on the init value. */
export function logitScaleFromConfig(config: Record<string, unknown> | null): number {
  const trained = numberAt(config, 'logit_scale');
  return trained === null ? DEFAULT_LOGIT_SCALE : Math.min(100, Math.exp(trained));
}

function resolvePreprocess(folder: ClipFolder, vision: VisionIo): ClipPreprocess {
  const { height, width } = vision;
  if (!folder.preprocess) {
    if (!height || !width) return DEFAULT_CLIP_PREPROCESS;
    const side = Math.max(width, height);
    return { ...DEFAULT_CLIP_PREPROCESS, resize: { kind: 'shortest-edge', size: side }, crop: { width, height } };
  }
  const out = outputSize(folder.preprocess);
  if ((width && out.width !== width) || (height && out.height !== height)) {
    throw new MaskcueError(
      'MODEL_LOAD_FAILED',
      `${folder.preprocessPath} makes ${out.width} × ${out.height} images but the vision model ${folder.visionPath} takes ${width ?? 'any'} × ${height ?? 'any'}. The two files come from different models.`,
    );
  }
  return folder.preprocess;
}

function contextLengthFor(folder: ClipFolder, text: TextIo): number {
  return (
    text.sequence ??
    numberAt(folder.config, 'text_config', 'max_position_embeddings') ??
    numberAt(folder.config, 'text_cfg', 'context_length') ??
    DEFAULT_CONTEXT_LENGTH
  );
}

function rows(tensor: WireTensor | undefined, name: string, count: number, modelPath: string): Float32Array[] {
  if (!tensor || (tensor.type !== 'float32' && tensor.type !== 'float16')) {
    throw new MaskcueError('INTERNAL', `The model ${modelPath} returned no float ${name} output.`);
  }
  const data = tensor.type === 'float16' ? fromHalf(tensor.data) : tensor.data;
  const [n, d] = tensor.dims;
  if (tensor.dims.length !== 2 || n !== count || !d) {
    throw new MaskcueError('INTERNAL', `The model ${modelPath} returned ${name} [${tensor.dims.join(', ')}] for ${count} inputs.`);
  }
  return Array.from({ length: count }, (_, i) => data.slice(i * d, (i + 1) * d));
}

class OnnxClipFeaturizer implements ClipFeaturizer {
  readonly engine = 'clip' as const;
  readonly hasText: boolean;
  readonly featureNames = null;
  readonly modelId: string;
  readonly fingerprint: string;
  readonly provider: string;
  readonly contextLength: number | null;
  private closed = false;

  constructor(
    private readonly host: InferenceHost,
    readonly folder: ClipFolder,
    private readonly visionSession: LoadedSession,
    private readonly textSession: LoadedSession | null,
    readonly vision: VisionIo,
    readonly text: TextIo | null,
    private readonly tokenizer: ClipTokenizer | null,
    readonly preprocess: ClipPreprocess,
    readonly dims: number,
    readonly logitScale: number,
    private readonly maxItems: number,
    options: ClipFeaturizerOptions,
  ) {
    this.modelId = options.modelId;
    this.fingerprint = options.fingerprint;
    this.provider = visionSession.provider;
    this.hasText = tokenizer !== null && textSession !== null;
    this.contextLength = tokenizer?.contextLength ?? null;
  }

  private checkOpen(): void {
    if (this.closed) throw new MaskcueError('INVALID_ARGUMENT', `The CLIP model ${this.modelId} has been closed.`);
  }

  /** Raw (unnormalised) image embeddings for `count` NCHW images. */
  async runVision(pixels: Float32Array, count: number): Promise<Float32Array[]> {
    const { height, width } = outputSize(this.preprocess);
    const per = 3 * height * width;
    const fixed = this.vision.batch;
    const step = fixed ?? count;
    const out: Float32Array[] = [];
    for (let start = 0; start < count; start += step) {
      const n = Math.min(step, count - start);
      const batch = fixed ?? n;
      let chunk = pixels.subarray(start * per, (start + n) * per);
      if (batch !== n) {
        const padded = new Float32Array(batch * per);
        padded.set(chunk);
        chunk = padded;
      }
      const dims = [batch, 3, height, width];
      const feed: WireTensor = this.vision.inputType === 'float16' ? { type: 'float16', dims, data: toHalf(chunk) } : { type: 'float32', dims, data: chunk.slice() };
      const result = await this.host.run(this.visionSession.sessionId, { [this.vision.input]: feed }, { fetches: [this.vision.output] });
      out.push(...rows(result.outputs[this.vision.output], this.vision.output, batch, this.visionSession.modelPath).slice(0, n));
    }
    return out;
  }

  async embed(items: readonly MaskedImage[], focus: FocusMode): Promise<ImageEmbedding[]> {
    this.checkOpen();
    const result: ImageEmbedding[] = [];
    for (let start = 0; start < items.length; start += this.maxItems) {
      const chunk = items.slice(start, start + this.maxItems);
      const { data } = buildPixelBatch(chunk, focus, this.preprocess);
      const embeddings = await this.runVision(data, 2 * chunk.length);
      chunk.forEach((_, i) => result.push({ focus: l2Normalise(embeddings[i]!), full: l2Normalise(embeddings[chunk.length + i]!) }));
    }
    return result;
  }

  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    this.checkOpen();
    if (!this.hasText || !this.text || !this.textSession || !this.tokenizer) {
      throw new MaskcueError(
        'INVALID_ARGUMENT',
        `The CLIP model ${this.modelId} has no ${this.textSession ? 'tokenizer.json' : 'text model'} in ${this.folder.folder}, so it cannot read class names: train from exemplars, or add the missing file.`,
      );
    }
    const text = this.text;
    const L = this.tokenizer.contextLength;
    const step = text.batch ?? 64;
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += step) {
      const part = texts.slice(start, start + step);
      const batch = text.batch ?? part.length;
      const tokens = this.tokenizer.encodeBatch(part);
      const ids = new Array<number>(batch * L).fill(this.tokenizer.padId);
      const mask = new Array<number>(batch * L).fill(0);
      tokens.ids.forEach((v, i) => (ids[i] = v));
      tokens.attentionMask.forEach((v, i) => (mask[i] = v));
      const tensor = (type: 'int64' | 'int32', values: number[]): WireTensor =>
        type === 'int64' ? { type, dims: [batch, L], data: BigInt64Array.from(values, (v) => BigInt(v)) } : { type, dims: [batch, L], data: Int32Array.from(values) };
      const feeds: TensorMap = { [text.input]: tensor(text.inputType, ids) };
      if (text.attentionMask) feeds[text.attentionMask.name] = tensor(text.attentionMask.type, mask);
      const result = await this.host.run(this.textSession.sessionId, feeds, { fetches: [text.output] });
      out.push(...rows(result.outputs[text.output], text.output, batch, this.textSession.modelPath).slice(0, part.length).map(l2Normalise));
    }
    return out;
  }

  async embedClasses(classes: readonly ClassPrompt[]): Promise<Float32Array[]> {
    const prompts = classes.map((c) => (c.templates.length ? c.templates : [DEFAULT_TEMPLATE]).map((t) => t.split('{class}').join(c.name)));
    const flat = await this.embedTexts(prompts.flat());
    let at = 0;
    return prompts.map((list) => {
      const mean = new Float32Array(this.dims);
      for (let k = 0; k < list.length; k += 1) {
        const e = flat[at + k]!;
        for (let i = 0; i < mean.length; i += 1) mean[i]! += e[i]!;
      }
      at += list.length;
      return l2Normalise(mean);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.host.unload(this.visionSession.sessionId).catch(() => undefined);
    if (this.textSession) await this.host.unload(this.textSession.sessionId).catch(() => undefined);
  }
}

/** Loads a CLIP model folder into the inference host; MODEL_LOAD_FAILED says what is wrong with it. */
export async function openClipFeaturizer(options: ClipFeaturizerOptions): Promise<ClipFeaturizer> {
  const folder = detectClipFolder(options.folder, options.variant ? { variant: options.variant } : {});
  const loaded: LoadedSession[] = [];
  try {
    const visionSession = await options.host.load(folder.visionPath);
    loaded.push(visionSession);
    const vision = visionIo(visionSession);
    const preprocess = resolvePreprocess(folder, vision);
    let textSession: LoadedSession | null = null;
    let text: TextIo | null = null;
    let tokenizer: ClipTokenizer | null = null;
    if (folder.textPath) {
      textSession = await options.host.load(folder.textPath);
      loaded.push(textSession);
      text = textIo(textSession);
      if (folder.tokenizerPath) tokenizer = loadClipTokenizer(folder.tokenizerPath, folder.tokenizerConfigPath, contextLengthFor(folder, text));
    }
    if (vision.dims && text?.dims && vision.dims !== text.dims) {
      throw new MaskcueError('MODEL_LOAD_FAILED', `The vision model gives ${vision.dims}-d embeddings but the text model ${text.dims}-d: they are not one CLIP model.`);
    }
    const maxItems = Math.max(1, Math.floor(options.maxItems ?? 16));
    const make = (dims: number): OnnxClipFeaturizer =>
      new OnnxClipFeaturizer(options.host, folder, visionSession, textSession, vision, text, tokenizer, preprocess, dims, logitScaleFromConfig(folder.config), maxItems, options);
    let dims = vision.dims ?? text?.dims ?? null;
    if (dims === null) {
      // A free embedding size: learn it from one blank image.
      const probe = make(0);
      const { height, width } = outputSize(preprocess);
      dims = (await probe.runVision(new Float32Array(3 * height * width), 1))[0]!.length;
    }
    return make(dims);
  } catch (e) {
    for (const s of loaded) await options.host.unload(s.sessionId).catch(() => undefined);
    throw e;
  }
}
