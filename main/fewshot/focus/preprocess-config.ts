// CLIP's image preprocessing as data, read from the model folder's config so the geometry matches what
// the model was trained with. Two sources exist in the wild:
// - Hugging Face `preprocessor_config.json` (CLIPImageProcessor; transformers.js/Xenova folders):
//   `size` (a number, {shortest_edge} or {height, width}), `crop_size` (number or {height, width}),
//   `do_center_crop`, `resample` (PIL filter id), `image_mean`, `image_std`, `rescale_factor`.
// - open_clip `preprocess_cfg.json` (immich's exports): `size`, `interpolation`, `resize_mode`
//   ('shortest' = resize + centre crop, 'squash' = stretch), `mean`, `std`.
// Pure data in, data out (no file access): clip/model-folder.ts reads the files.

import { MaskcueError } from '../../../common/api';

export type Resample = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos' | 'box' | 'hamming';

export interface ClipPreprocess {
  /** 'shortest-edge': the short side becomes `size`, the long side int(size · long / short), as HF does. */
  resize: { kind: 'shortest-edge'; size: number } | { kind: 'exact'; width: number; height: number };
  /** Centre crop after resizing; null when the resize already gives the model's input size. */
  crop: { width: number; height: number } | null;
  resample: Resample;
  /** Multiplies 8-bit values before mean/std (1/255). */
  rescale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export const OPENAI_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const OPENAI_CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

/** OpenAI CLIP ViT-B/16 at 224 (CLIPImageProcessor defaults). */
export const DEFAULT_CLIP_PREPROCESS: ClipPreprocess = {
  resize: { kind: 'shortest-edge', size: 224 },
  crop: { width: 224, height: 224 },
  resample: 'bicubic',
  rescale: 1 / 255,
  mean: OPENAI_CLIP_MEAN,
  std: OPENAI_CLIP_STD,
};

/** PIL's filter ids, as `resample` stores them (Image.Resampling). */
const PIL_RESAMPLE: Record<number, Resample> = { 0: 'nearest', 1: 'lanczos', 2: 'bilinear', 3: 'bicubic', 4: 'box', 5: 'hamming' };
const NAMED_RESAMPLE: Record<string, Resample> = {
  nearest: 'nearest',
  bilinear: 'bilinear',
  linear: 'bilinear',
  bicubic: 'bicubic',
  cubic: 'bicubic',
  lanczos: 'lanczos',
  box: 'box',
  hamming: 'hamming',
};

/** The model's input size: what every focus view and original becomes. */
export function outputSize(pre: ClipPreprocess): { width: number; height: number } {
  if (pre.crop) return { ...pre.crop };
  if (pre.resize.kind === 'exact') return { width: pre.resize.width, height: pre.resize.height };
  // Shortest-edge without a crop gives a size that depends on the image: not batchable.
  throw new MaskcueError('MODEL_LOAD_FAILED', 'The preprocessing resizes the shortest edge without a centre crop, so images of different shapes would not fit one batch.');
}

type Json = Record<string, unknown>;

function bad(source: string, what: string): MaskcueError {
  return new MaskcueError('MODEL_LOAD_FAILED', `${source}: ${what}. Fix the file or remove it to use OpenAI CLIP's preprocessing (shortest side 224, bicubic, centre crop 224).`);
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 4096 ? value : null;
}

function triple(value: unknown, source: string, name: string, fallback: readonly [number, number, number]): readonly [number, number, number] {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return [value, value, value];
  if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return [value[0] as number, value[1] as number, value[2] as number];
  }
  throw bad(source, `${name} must be three numbers (got ${JSON.stringify(value)})`);
}

function squareOrBox(value: unknown, source: string, name: string): { width: number; height: number } {
  const n = positiveInt(value);
  if (n) return { width: n, height: n };
  if (value && typeof value === 'object') {
    const o = value as Json;
    const w = positiveInt(o.width);
    const h = positiveInt(o.height);
    if (w && h) return { width: w, height: h };
  }
  throw bad(source, `${name} must be a size in pixels or {height, width} (got ${JSON.stringify(value)})`);
}

function resampleOf(value: unknown, source: string): Resample {
  if (value === undefined || value === null) return 'bicubic';
  const r = typeof value === 'number' ? PIL_RESAMPLE[value] : typeof value === 'string' ? NAMED_RESAMPLE[value.toLowerCase()] : undefined;
  if (!r) throw bad(source, `unknown resample filter ${JSON.stringify(value)} (known: PIL ids 0–5 or ${Object.keys(NAMED_RESAMPLE).join(', ')})`);
  return r;
}

/** CLIPImageProcessor's preprocessor_config.json. Missing fields take OpenAI CLIP's values. */
export function fromHfPreprocessorConfig(json: unknown, source = 'preprocessor_config.json'): ClipPreprocess {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw bad(source, 'not a JSON object');
  const o = json as Json;
  let resize: ClipPreprocess['resize'] = DEFAULT_CLIP_PREPROCESS.resize;
  if (o.size !== undefined) {
    const n = positiveInt(o.size);
    const s = (o.size ?? {}) as Json;
    if (n) resize = { kind: 'shortest-edge', size: n };
    else if (typeof s === 'object' && positiveInt(s.shortest_edge)) resize = { kind: 'shortest-edge', size: s.shortest_edge as number };
    else {
      const box = squareOrBox(o.size, source, 'size');
      resize = { kind: 'exact', ...box };
    }
  }
  const doCrop = o.do_center_crop === undefined ? true : o.do_center_crop === true;
  let crop: ClipPreprocess['crop'] = null;
  if (doCrop) {
    crop = o.crop_size !== undefined ? squareOrBox(o.crop_size, source, 'crop_size') : resize.kind === 'shortest-edge' ? { width: resize.size, height: resize.size } : null;
  }
  const doRescale = o.do_rescale === undefined ? true : o.do_rescale === true;
  const factor = typeof o.rescale_factor === 'number' && o.rescale_factor > 0 ? o.rescale_factor : 1 / 255;
  const doNormalize = o.do_normalize === undefined ? true : o.do_normalize === true;
  const pre: ClipPreprocess = {
    resize,
    crop,
    resample: resampleOf(o.resample, source),
    rescale: doRescale ? factor : 1,
    mean: doNormalize ? triple(o.image_mean, source, 'image_mean', OPENAI_CLIP_MEAN) : [0, 0, 0],
    std: doNormalize ? triple(o.image_std, source, 'image_std', OPENAI_CLIP_STD) : [1, 1, 1],
  };
  validate(pre, source);
  return pre;
}

/** open_clip's preprocess_cfg.json (as immich's exporter writes it). */
export function fromOpenClipPreprocessCfg(json: unknown, source = 'preprocess_cfg.json'): ClipPreprocess {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw bad(source, 'not a JSON object');
  const o = json as Json;
  const size = Array.isArray(o.size) && o.size.length === 2 ? { height: positiveInt(o.size[0]), width: positiveInt(o.size[1]) } : { height: positiveInt(o.size), width: positiveInt(o.size) };
  if (!size.width || !size.height) throw bad(source, `size must be a size in pixels or [height, width] (got ${JSON.stringify(o.size)})`);
  const mode = typeof o.resize_mode === 'string' ? o.resize_mode : 'shortest';
  let resize: ClipPreprocess['resize'];
  let crop: ClipPreprocess['crop'];
  if (mode === 'shortest') {
    resize = { kind: 'shortest-edge', size: Math.min(size.width, size.height) };
    crop = { width: size.width, height: size.height };
  } else if (mode === 'squash') {
    resize = { kind: 'exact', width: size.width, height: size.height };
    crop = null;
  } else {
    throw bad(source, `resize_mode ${JSON.stringify(mode)} is not supported (supported: shortest, squash)`);
  }
  const pre: ClipPreprocess = {
    resize,
    crop,
    resample: resampleOf(o.interpolation, source),
    rescale: 1 / 255,
    mean: triple(o.mean, source, 'mean', OPENAI_CLIP_MEAN),
    std: triple(o.std, source, 'std', OPENAI_CLIP_STD),
  };
  validate(pre, source);
  return pre;
}

function validate(pre: ClipPreprocess, source: string): void {
  if (pre.std.some((s) => s === 0)) throw bad(source, 'a standard deviation is 0');
  try {
    outputSize(pre);
  } catch (e) {
    throw bad(source, e instanceof Error ? e.message : String(e));
  }
}
