// Finds the files of a CLIP model in a folder the user pointed at (or that `models fetch` filled).
// Layouts seen in the wild (notes/model-formats.md §3; exporters' sources):
// - transformers.js / optimum (Xenova/clip-vit-base-patch16, onnx-community/*): onnx/vision_model.onnx
//   and onnx/text_model.onnx, plus _quantized, _fp16, _int8, _uint8, _q4, _q4f16, _bnb4 variants;
//   tokenizer.json, tokenizer_config.json, preprocessor_config.json, config.json at the top.
// - separate visual/textual exports:
//   · Lednik7/CLIP-ONNX (clip_onnx/clip_converter.py): clip_visual.onnx, clip_textual.onnx;
//   · jina clip-as-service: visual.onnx, textual.onnx;
//   · immich (machine-learning/export/.../openclip.py): visual/model.onnx, textual/model.onnx, with
//     visual/preprocess_cfg.json (open_clip) and the tokenizer files in textual/;
//   · otherwise exactly one *.onnx naming visual/vision/image and one naming textual/text.
// fp32 is chosen over quantized files unless a variant is asked for: the head and the exemplar cache
// are keyed by the model, and fp32 is what every published accuracy figure was measured on.
// The text tower, the tokenizer and the preprocessing config are optional here: without a text
// tower the featurizer has no text (no zero-shot, no text anchors) and says so.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { MaskcueError } from '../../../common/api';
import { fromHfPreprocessorConfig, fromOpenClipPreprocessCfg, type ClipPreprocess } from '../focus/preprocess-config';

export type ClipLayout = 'transformers.js' | 'separate';

/** transformers.js file suffixes by variant name, in the order we prefer them. */
export const CLIP_VARIANTS: readonly { variant: string; suffix: string }[] = [
  { variant: 'fp32', suffix: '' },
  { variant: 'fp16', suffix: '_fp16' },
  { variant: 'quantized', suffix: '_quantized' },
  { variant: 'int8', suffix: '_int8' },
  { variant: 'uint8', suffix: '_uint8' },
  { variant: 'q4', suffix: '_q4' },
  { variant: 'q4f16', suffix: '_q4f16' },
  { variant: 'bnb4', suffix: '_bnb4' },
];

export interface ClipFolder {
  folder: string;
  layout: ClipLayout;
  variant: string;
  /** Variants present for the vision tower (transformers.js); ['fp32'] for separate exports. */
  variants: string[];
  visionPath: string;
  textPath: string | null;
  tokenizerPath: string | null;
  tokenizerConfigPath: string | null;
  /** Parsed from preprocessor_config.json or preprocess_cfg.json; null = none in the folder. */
  preprocess: ClipPreprocess | null;
  preprocessPath: string | null;
  /** config.json (HF or open_clip), when present and valid JSON. */
  config: Record<string, unknown> | null;
}

export interface DetectOptions {
  /** 'fp32' (default when present), 'fp16', 'quantized', 'int8', 'uint8', 'q4', ... */
  variant?: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reads a JSON file; MODEL_LOAD_FAILED naming the file when it does not parse. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MaskcueError('MODEL_LOAD_FAILED', `Could not read the ${what} ${path}: ${e instanceof Error ? e.message : String(e)}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new MaskcueError(
      'MODEL_LOAD_FAILED',
      `The ${what} ${path} is not valid JSON (${e instanceof Error ? e.message : String(e)}). Copy the file again from the model's source.`,
    );
  }
}

function listOnnx(folder: string, depth = 2): string[] {
  const out: string[] = [];
  const walk = (dir: string, level: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      const path = join(dir, name);
      if (name.toLowerCase().endsWith('.onnx') && isFile(path)) out.push(path);
      else if (level > 0 && !name.startsWith('.')) {
        try {
          if (statSync(path).isDirectory()) walk(path, level - 1);
        } catch {
          /* unreadable entry: skip */
        }
      }
    }
  };
  walk(folder, depth);
  return out;
}

function transformersJs(folder: string, variant: string | undefined): Pick<ClipFolder, 'visionPath' | 'textPath' | 'variant' | 'variants'> | null {
  for (const dir of [join(folder, 'onnx'), folder]) {
    const present = CLIP_VARIANTS.filter((v) => isFile(join(dir, `vision_model${v.suffix}.onnx`)));
    if (!present.length) continue;
    const variants = present.map((v) => v.variant);
    const chosen = variant ? present.find((v) => v.variant === variant) : present[0];
    if (!chosen) {
      throw new MaskcueError(
        'MODEL_LOAD_FAILED',
        `The model folder ${folder} has no "${variant}" variant of vision_model.onnx; it has: ${variants.join(', ')}. Choose one of those.`,
      );
    }
    // The text tower in the same variant if there is one, else the best there is.
    const textVariant = [chosen, ...CLIP_VARIANTS].find((v) => isFile(join(dir, `text_model${v.suffix}.onnx`)));
    return {
      visionPath: join(dir, `vision_model${chosen.suffix}.onnx`),
      textPath: textVariant ? join(dir, `text_model${textVariant.suffix}.onnx`) : null,
      variant: chosen.variant,
      variants,
    };
  }
  return null;
}

const SEPARATE_PAIRS: readonly [string, string][] = [
  ['clip_visual.onnx', 'clip_textual.onnx'],
  ['visual.onnx', 'textual.onnx'],
  ['visual/model.onnx', 'textual/model.onnx'],
];
const QUANTISED = /(quant|int8|uint8|fp16|q4|bnb4)/i;

function separate(folder: string, onnx: string[]): Pick<ClipFolder, 'visionPath' | 'textPath'> | null {
  for (const [v, t] of SEPARATE_PAIRS) {
    if (isFile(join(folder, v))) return { visionPath: join(folder, v), textPath: isFile(join(folder, t)) ? join(folder, t) : null };
  }
  const name = (p: string): string => relative(folder, p).toLowerCase();
  const pick = (list: string[]): string[] => {
    const full = list.filter((p) => !QUANTISED.test(basename(p)));
    return full.length ? full : list;
  };
  const vision = pick(onnx.filter((p) => /visual|vision|image/.test(name(p))));
  const text = pick(onnx.filter((p) => /textual|text/.test(name(p)) && !/visual|vision|image/.test(name(p))));
  if (vision.length === 1) return { visionPath: vision[0]!, textPath: text.length === 1 ? text[0]! : null };
  return null;
}

function firstFile(folder: string, names: string[]): string | null {
  for (const n of names) if (isFile(join(folder, n))) return join(folder, n);
  return null;
}

export function detectClipFolder(folder: string, options: DetectOptions = {}): ClipFolder {
  if (!existsSync(folder)) throw new MaskcueError('NOT_FOUND', `The model folder ${folder} does not exist.`);
  const onnx = listOnnx(folder);
  let found: Pick<ClipFolder, 'visionPath' | 'textPath' | 'variant' | 'variants'> | null = transformersJs(folder, options.variant);
  let layout: ClipLayout = 'transformers.js';
  if (!found) {
    const pair = separate(folder, onnx);
    if (pair) {
      if (options.variant && options.variant !== 'fp32') {
        throw new MaskcueError('MODEL_LOAD_FAILED', `The model folder ${folder} is a separate visual/textual export with one variant only; it has no "${options.variant}" variant.`);
      }
      found = { ...pair, variant: 'fp32', variants: ['fp32'] };
      layout = 'separate';
    }
  }
  if (!found) {
    const seen = onnx.length ? onnx.map((p) => relative(folder, p)).join(', ') : 'no .onnx files';
    throw new MaskcueError(
      'MODEL_LOAD_FAILED',
      `The folder ${folder} is not a CLIP model MaskCue can read (found: ${seen}). Expected either onnx/vision_model.onnx + onnx/text_model.onnx ` +
        `(transformers.js / optimum export, with tokenizer.json and preprocessor_config.json), or a separate visual/textual export ` +
        `(clip_visual.onnx + clip_textual.onnx, visual.onnx + textual.onnx, or visual/model.onnx + textual/model.onnx). ` +
        `A single combined model.onnx is not supported: export the towers separately (optimum: CLIPVisionModelWithProjection / CLIPTextModelWithProjection).`,
    );
  }
  const tokenizerPath = firstFile(folder, ['tokenizer.json', 'textual/tokenizer.json']);
  const tokenizerConfigPath = tokenizerPath ? firstFile(join(tokenizerPath, '..'), ['tokenizer_config.json']) : null;
  let preprocess: ClipPreprocess | null = null;
  let preprocessPath: string | null = firstFile(folder, ['preprocessor_config.json']);
  if (preprocessPath) preprocess = fromHfPreprocessorConfig(readJsonFile(preprocessPath, 'preprocessing config'), preprocessPath);
  else {
    preprocessPath = firstFile(folder, ['preprocess_cfg.json', 'visual/preprocess_cfg.json']);
    if (preprocessPath) preprocess = fromOpenClipPreprocessCfg(readJsonFile(preprocessPath, 'preprocessing config'), preprocessPath);
  }
  const configPath = firstFile(folder, ['config.json']);
  const configJson = configPath ? readJsonFile(configPath, 'model config') : null;
  const config = configJson && typeof configJson === 'object' && !Array.isArray(configJson) ? (configJson as Record<string, unknown>) : null;
  return { folder, layout, ...found, tokenizerPath, tokenizerConfigPath, preprocess, preprocessPath, config };
}
