// Finding a CLIP model's files: both fixture layouts, the other separate-export names, variant choice,
// and the messages for folders that are not CLIP models.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyClip } from '../../../tests/fixtures/onnx/clip/tiny-clip';
import { DEFAULT_CLIP_PREPROCESS } from '../focus/preprocess-config';
import { detectClipFolder } from './model-folder';

let root: string;
let n = 0;
const fresh = (): string => {
  const dir = join(root, `m${(n += 1)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const touch = (dir: string, path: string, text = 'x'): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-clip-folder-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('detectClipFolder', () => {
  it('reads the transformers.js layout with its configs', () => {
    const { folder } = writeTinyClip(fresh(), 'transformers.js');
    const f = detectClipFolder(folder);
    expect(f.layout).toBe('transformers.js');
    expect(f.variant).toBe('fp32');
    expect(f.visionPath).toBe(join(folder, 'onnx/vision_model.onnx'));
    expect(f.textPath).toBe(join(folder, 'onnx/text_model.onnx'));
    expect(f.tokenizerPath).toBe(join(folder, 'tokenizer.json'));
    expect(f.tokenizerConfigPath).toBe(join(folder, 'tokenizer_config.json'));
    expect(f.preprocess?.crop).toEqual({ width: 64, height: 64 });
    expect(f.preprocess?.resize).toEqual({ kind: 'shortest-edge', size: 64 });
    expect(f.preprocess?.resample).toBe('bicubic');
    expect(f.config?.model_type).toBe('clip');
  });

  it('prefers fp32 over quantized files and takes a variant when asked', () => {
    const { folder } = writeTinyClip(fresh(), 'transformers.js');
    copyFileSync(join(folder, 'onnx/vision_model.onnx'), join(folder, 'onnx/vision_model_quantized.onnx'));
    copyFileSync(join(folder, 'onnx/text_model.onnx'), join(folder, 'onnx/text_model_quantized.onnx'));
    copyFileSync(join(folder, 'onnx/vision_model.onnx'), join(folder, 'onnx/vision_model_fp16.onnx'));
    const f = detectClipFolder(folder);
    expect(f.variant).toBe('fp32');
    expect(f.variants).toEqual(['fp32', 'fp16', 'quantized']);
    const q = detectClipFolder(folder, { variant: 'quantized' });
    expect(q.visionPath).toBe(join(folder, 'onnx/vision_model_quantized.onnx'));
    expect(q.textPath).toBe(join(folder, 'onnx/text_model_quantized.onnx'));
    // No fp16 text tower: the text side falls back to the best there is.
    expect(detectClipFolder(folder, { variant: 'fp16' }).textPath).toBe(join(folder, 'onnx/text_model.onnx'));
    expect(() => detectClipFolder(folder, { variant: 'q4' })).toThrow(/no "q4" variant .* it has: fp32, fp16, quantized/);
  });

  it('reads the separate clip_visual / clip_textual export without configs', () => {
    const { folder } = writeTinyClip(fresh(), 'separate');
    const f = detectClipFolder(folder);
    expect(f.layout).toBe('separate');
    expect(f.visionPath).toBe(join(folder, 'clip_visual.onnx'));
    expect(f.textPath).toBe(join(folder, 'clip_textual.onnx'));
    expect(f.preprocess).toBeNull();
    expect(f.config).toBeNull();
  });

  it("recognises immich's visual/ textual/ folders with open_clip's preprocess_cfg.json", () => {
    const dir = fresh();
    touch(dir, 'visual/model.onnx');
    touch(dir, 'textual/model.onnx');
    touch(dir, 'textual/tokenizer.json', '{}');
    touch(dir, 'textual/tokenizer_config.json', '{}');
    touch(dir, 'visual/preprocess_cfg.json', JSON.stringify({ size: [224, 224], mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711], interpolation: 'bicubic', resize_mode: 'shortest' }));
    const f = detectClipFolder(dir);
    expect(f.visionPath).toBe(join(dir, 'visual/model.onnx'));
    expect(f.textPath).toBe(join(dir, 'textual/model.onnx'));
    expect(f.tokenizerPath).toBe(join(dir, 'textual/tokenizer.json'));
    expect(f.tokenizerConfigPath).toBe(join(dir, 'textual/tokenizer_config.json'));
    expect(f.preprocess).toEqual(DEFAULT_CLIP_PREPROCESS);
  });

  it('recognises visual.onnx / textual.onnx and other image/text names, skipping quantized copies', () => {
    const a = fresh();
    touch(a, 'visual.onnx');
    touch(a, 'textual.onnx');
    expect(detectClipFolder(a).visionPath).toBe(join(a, 'visual.onnx'));
    const b = fresh();
    touch(b, 'clip_image_encoder.onnx');
    touch(b, 'clip_image_encoder_int8.onnx');
    touch(b, 'clip_text_encoder.onnx');
    const f = detectClipFolder(b);
    expect(f.visionPath).toBe(join(b, 'clip_image_encoder.onnx'));
    expect(f.textPath).toBe(join(b, 'clip_text_encoder.onnx'));
  });

  it('says what it found and what it expected for a folder that is not a CLIP model', () => {
    const dir = fresh();
    touch(dir, 'model.onnx');
    touch(dir, 'decoder.onnx');
    expect(() => detectClipFolder(dir)).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED', message: expect.stringMatching(/found: decoder\.onnx, model\.onnx\).*onnx\/vision_model\.onnx.*clip_visual\.onnx/s) }));
    expect(() => detectClipFolder(join(dir, 'nope'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('names a config file that does not parse', () => {
    const { folder } = writeTinyClip(fresh(), 'transformers.js');
    writeFileSync(join(folder, 'preprocessor_config.json'), '{ "size": ');
    expect(() => detectClipFolder(folder)).toThrow(new RegExp(`${join(folder, 'preprocessor_config.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`));
  });
});
