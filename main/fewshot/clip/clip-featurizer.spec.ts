// The CLIP featurizer end to end through a real inference host (child process, CPU) on the tiny
// CLIP-like models of tests/fixtures/onnx/clip: both folder layouts, the batch layout and splitting
// (checked against onnxruntime-node run directly on the same pixels), prompt ensembling, fixed batch 1,
// and that the mask matters (zero-shot on overlay focus views vs full images, synthetic lesions whose
// class evidence is only inside the mask). Error cases: missing outputs, bad tokenizer.json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import { buildVisionGraph, type GraphShape } from '../../../tests/fixtures/onnx/clip/tiny-clip-graphs';
import { TINY_CLIP, buildTinyTokenizer, synthFocusDataset, writeTinyClip, type SynthItem } from '../../../tests/fixtures/onnx/clip/tiny-clip';
import { InferenceHost } from '../../inference/host-client';
import { buildPixelBatch } from '../focus/pixel-batch';
import type { MaskedImage } from '../types';
import { openClipFeaturizer, type ClipFeaturizer } from './clip-featurizer';
import { l2Normalise, zeroShotProbabilities } from './zero-shot';

const D = TINY_CLIP.embedDim;
let root: string;
let host: InferenceHost;
let tjs: string;
let sep: string;
let n = 0;
const fresh = (): string => join(root, `m${(n += 1)}`);

function shape(): GraphShape {
  const tok = buildTinyTokenizer(TINY_CLIP.contextLength);
  return { imageSize: TINY_CLIP.imageSize, patch: TINY_CLIP.patch, hidden: TINY_CLIP.hidden, embedDim: D, vocabSize: tok.vocabSize, eot: tok.eot };
}

const asMasked = (items: readonly SynthItem[]): MaskedImage[] => items.map((i) => ({ image: { width: i.image.width, height: i.image.height, rgb: i.image.rgb }, mask: i.mask }));
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a));

async function open(folder: string, extra: { variant?: string; maxItems?: number } = {}): Promise<ClipFeaturizer> {
  return openClipFeaturizer({ host, folder, modelId: 'tiny-clip', fingerprint: 'test', ...extra });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-clip-feat-'));
  host = new InferenceHost({ transport: 'child-process', providers: ['cpu'] });
  tjs = writeTinyClip(fresh(), 'transformers.js').folder;
  sep = writeTinyClip(fresh(), 'separate').folder;
});
afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

describe('openClipFeaturizer', () => {
  it('opens the transformers.js layout with the folder’s preprocessing and the model’s sizes', async () => {
    const f = await open(tjs);
    try {
      expect(f.engine).toBe('clip');
      expect(f.dims).toBe(D);
      expect(f.hasText).toBe(true);
      expect(f.logitScale).toBe(100); // logit_scale_init_value 2.6592 is an initialisation, not the trained scale
      expect(f.contextLength).toBe(77);
      expect(f.provider).toBe('cpu');
      expect(f.preprocess.crop).toEqual({ width: 64, height: 64 });
      expect(f.vision).toMatchObject({ input: 'pixel_values', output: 'image_embeds', batch: null, height: 64, width: 64 });
      expect(f.text).toMatchObject({ input: 'input_ids', inputType: 'int64', attentionMask: null, output: 'text_embeds', sequence: null });
    } finally {
      await f.close();
    }
  });

  it('embeds focus views and originals from one batch, split and L2-normalised in order', async () => {
    const items = asMasked(synthFocusDataset(5, 11));
    items[3] = { image: items[3]!.image, mask: new Uint8Array(64 * 64) }; // empty mask: the whole image
    const f = await open(tjs, { maxItems: 2 }); // 3 runs: 2 + 2 + 1 items
    try {
      const out = await f.embed(items, 'overlay');
      expect(out).toHaveLength(5);
      // Reference: the same pixels through onnxruntime-node directly, in this process.
      const session = await ort.InferenceSession.create(join(tjs, 'onnx/vision_model.onnx'));
      const batch = buildPixelBatch(items, 'overlay', f.preprocess);
      const ref = (await session.run({ pixel_values: new ort.Tensor('float32', batch.data, batch.dims) })).image_embeds!.data as Float32Array;
      out.forEach((e, i) => {
        expect(norm(e.focus)).toBeCloseTo(1, 5);
        expect(norm(e.full!)).toBeCloseTo(1, 5);
        const refFocus = l2Normalise(ref.slice(i * D, (i + 1) * D));
        const refFull = l2Normalise(ref.slice((5 + i) * D, (6 + i) * D));
        refFocus.forEach((v, k) => expect(e.focus[k]).toBeCloseTo(v, 5));
        refFull.forEach((v, k) => expect(e.full![k]).toBeCloseTo(v, 5));
      });
      expect(dot(out[0]!.focus, out[0]!.full!)).toBeLessThan(0.999);
      expect(dot(out[3]!.focus, out[3]!.full!)).toBeCloseTo(1, 6);
      expect(await f.embed([], 'overlay')).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it('reads the separate clip_visual/clip_textual export (input/output, fixed 77 tokens) to the same embeddings', async () => {
    const items = asMasked(synthFocusDataset(3, 5));
    const a = await open(tjs);
    const b = await open(sep);
    try {
      expect(b.vision).toMatchObject({ input: 'input', output: 'output' });
      expect(b.text).toMatchObject({ input: 'input', output: 'output', sequence: 77 });
      expect(b.preprocess.crop).toEqual({ width: 64, height: 64 }); // from the session: no preprocessor_config.json
      expect(b.logitScale).toBe(100);
      const [ea, eb] = [await a.embed(items, 'blur-outside'), await b.embed(items, 'blur-outside')];
      ea.forEach((e, i) => e.focus.forEach((v, k) => expect(eb[i]!.focus[k]).toBeCloseTo(v, 5)));
      const [ta, tb] = [await a.embedTexts(['a photo of a benign lesion']), await b.embedTexts(['a photo of a benign lesion'])];
      ta[0]!.forEach((v, k) => expect(tb[0]![k]).toBeCloseTo(v, 5));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('ensembles prompts: the normalised mean of the normalised template embeddings', async () => {
    const f = await open(tjs);
    try {
      const templates = ['a photo of a {class} lesion', 'this image is showing {class} stripes', '{class}'];
      const [cls] = await f.embedClasses([{ name: 'vertical', templates }]);
      const each = await f.embedTexts(templates.map((t) => t.replace('{class}', 'vertical')));
      const mean = new Float32Array(D);
      each.forEach((e) => e.forEach((v, k) => (mean[k]! += v)));
      l2Normalise(mean).forEach((v, k) => expect(cls![k]).toBeCloseTo(v, 6));
      expect(norm(cls!)).toBeCloseTo(1, 6);
      // A class without templates uses the paper's "This is a photo of {class}".
      const [plain] = await f.embedClasses([{ name: 'normal', templates: [] }]);
      const [direct] = await f.embedTexts(['This is a photo of normal']);
      direct!.forEach((v, k) => expect(plain![k]).toBeCloseTo(v, 6));
    } finally {
      await f.close();
    }
  });

  it('makes the mask matter: zero-shot on overlay focus views beats full images', async () => {
    const f = await open(tjs);
    try {
      const test = synthFocusDataset(120, 77);
      const classes = await f.embedClasses([
        { name: 'horizontal', templates: ['a photo of a {class} lesion', 'an image showing {class} stripes'] },
        { name: 'vertical', templates: ['a photo of a {class} lesion', 'an image showing {class} stripes'] },
      ]);
      const embeddings = await f.embed(asMasked(test), 'overlay');
      const accuracy = (view: 'focus' | 'full'): number =>
        embeddings.filter((e, i) => {
          const p = zeroShotProbabilities(e[view]!, classes, f.logitScale);
          return (p[1]! > p[0]! ? 1 : 0) === test[i]!.label;
        }).length / test.length;
      const focus = accuracy('focus');
      const full = accuracy('full');
      console.log(`tiny CLIP zero-shot through the featurizer, 120 synthetic lesions: overlay focus ${focus.toFixed(3)}, full image ${full.toFixed(3)}`);
      expect(focus).toBeGreaterThan(0.9);
      expect(full).toBeLessThan(0.7);
    } finally {
      await f.close();
    }
  });

  it('runs one image at a time when the export fixes the batch at 1', async () => {
    const folder = writeTinyClip(fresh(), 'separate').folder;
    writeFileSync(join(folder, 'clip_visual.onnx'), buildVisionGraph(shape(), { input: 'input', embeds: 'output', batch: 1 }, 'pytorch-tiny'));
    const items = asMasked(synthFocusDataset(3, 21));
    const ref = await open(sep);
    const f = await open(folder);
    try {
      expect(f.vision.batch).toBe(1);
      const [a, b] = [await ref.embed(items, 'dim-outside'), await f.embed(items, 'dim-outside')];
      a.forEach((e, i) => {
        e.focus.forEach((v, k) => expect(b[i]!.focus[k]).toBeCloseTo(v, 5));
        e.full!.forEach((v, k) => expect(b[i]!.full![k]).toBeCloseTo(v, 5));
      });
    } finally {
      await ref.close();
      await f.close();
    }
  });

  it('refuses a vision model without an embedding output, naming what it found and expected', async () => {
    const folder = writeTinyClip(fresh(), 'transformers.js').folder;
    writeFileSync(join(folder, 'onnx/vision_model.onnx'), buildVisionGraph(shape(), { input: 'pixel_values', embeds: 'pooler_output', lastHidden: 'last_hidden_state', batch: 'batch_size' }, 'optimum-tiny'));
    const error = await open(folder).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MaskcueError);
    expect((error as MaskcueError).code).toBe('MODEL_LOAD_FAILED');
    const message = (error as MaskcueError).message;
    expect(message).toContain('has no image-embedding output');
    expect(message).toContain('pooler_output float32 [batch_size, 32]');
    expect(message).toContain('last_hidden_state');
    expect(message).toContain('image_embeds');
  });

  it('refuses a tokenizer.json that does not parse, naming the file', async () => {
    const folder = writeTinyClip(fresh(), 'transformers.js').folder;
    writeFileSync(join(folder, 'tokenizer.json'), '{"version": "1.0", "model": {');
    await expect(open(folder)).rejects.toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED', message: expect.stringContaining(`${join(folder, 'tokenizer.json')} is not valid JSON`) }));
  });

  it('has no text without a tokenizer, and says so when asked for class embeddings', async () => {
    const folder = writeTinyClip(fresh(), 'separate').folder;
    rmSync(join(folder, 'tokenizer.json'));
    const f = await open(folder);
    try {
      expect(f.hasText).toBe(false);
      await expect(f.embedClasses([{ name: 'x', templates: [] }])).rejects.toThrow(/no tokenizer\.json/);
      expect(await f.embed(asMasked(synthFocusDataset(1, 1)), 'crop')).toHaveLength(1);
    } finally {
      await f.close();
    }
  });
});
