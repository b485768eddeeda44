// The shipped catalog parses, and its schema catches the edits that would break an install: a CLIP
// entry whose roles name files it does not download, a classification entry with no CLIP roles.
import { describe, expect, it } from 'vitest';
import catalogJson from '../../models/catalog.json';
import { downloadBytes, loadCatalog, type CatalogEntry } from './catalog';

const clipEntries = () => loadCatalog().filter((m) => m.task === 'classification');

function withModel(model: unknown): unknown {
  return { version: 1, models: [model] };
}

describe('models/catalog.json', () => {
  it('parses, with unique ids, SAM2 and CLIP entries', () => {
    const models = loadCatalog();
    expect(new Set(models.map((m) => m.id)).size).toBe(models.length);
    expect(models.some((m) => m.task === 'segmentation')).toBe(true);
    expect(clipEntries().map((m) => m.id)).toEqual(['clip-vit-b16-xenova', 'clip-vit-b16-xenova-quantized', 'clip-vit-b32-xenova', 'clip-vit-b32-xenova-quantized']);
  });

  it('describes the transformers.js CLIP exports: roles among the files, Hugging Face URLs, OpenAI preprocessing', () => {
    for (const entry of clipEntries()) {
      expect(entry.family).toBe('transformers.js');
      expect(entry.licence).toMatch(/^MIT/);
      const clip = entry.clip!;
      const paths = entry.files.map((f) => f.path);
      for (const role of [clip.vision, clip.text, clip.tokenizer, clip.preprocessor, clip.config]) expect(paths).toContain(role);
      const suffix = clip.precision === 'fp32' ? '' : `_${clip.precision}`;
      expect(clip.vision).toBe(`onnx/vision_model${suffix}.onnx`);
      expect(clip.text).toBe(`onnx/text_model${suffix}.onnx`);
      expect(clip).toMatchObject({ embedDim: 512, contextLength: 77, logitScale: 100 });
      const repo = entry.id.includes('b16') ? 'Xenova/clip-vit-base-patch16' : 'Xenova/clip-vit-base-patch32';
      for (const file of entry.files) expect(file.url).toMatch(new RegExp(`^https://huggingface\\.co/${repo}/resolve/[0-9a-z]+/${file.path.replaceAll('.', '\\.')}$`));
      expect(entry.preprocessing).toEqual({
        inputSize: 224,
        resize: 'shortest-side-center-crop',
        interpolation: 'bicubic',
        mean: [0.48145466, 0.4578275, 0.40821073],
        std: [0.26862954, 0.26130258, 0.27577711],
      });
    }
  });

  it('sizes the downloads like the published files (model-formats.md §3c)', () => {
    const byId = new Map(clipEntries().map((m) => [m.id, m]));
    const approx = (entry: CatalogEntry, path: string) => entry.files.find((f) => f.path === path)!.approxBytes;
    const b16 = byId.get('clip-vit-b16-xenova')!;
    expect(approx(b16, 'onnx/vision_model.onnx')).toBe(345_000_000);
    expect(approx(b16, 'onnx/text_model.onnx')).toBe(254_000_000);
    expect(approx(byId.get('clip-vit-b16-xenova-quantized')!, 'onnx/vision_model_quantized.onnx')).toBe(87_500_000);
    // Exact sizes only where published; then approxBytes agrees.
    for (const entry of clipEntries()) for (const f of entry.files) if (f.sizeBytes !== null) expect(f.approxBytes).toBe(f.sizeBytes);
    const quantized = downloadBytes(byId.get('clip-vit-b32-xenova-quantized')!);
    expect(quantized).toBeGreaterThan(89_117_001 + 64_504_507);
    expect(quantized).toBeLessThan(160_000_000);
  });

  it('rejects a classification entry without CLIP roles, and roles naming files it does not download', () => {
    const base = (catalogJson as { models: Record<string, unknown>[] }).models.find((m) => m.id === 'clip-vit-b32-xenova-quantized')!;
    expect(() => loadCatalog(withModel(base))).not.toThrow();
    const noRoles = { ...base };
    delete noRoles.clip;
    expect(() => loadCatalog(withModel(noRoles))).toThrow(/needs clip\.vision\/text\/tokenizer/);
    const wrongPath = { ...base, clip: { ...(base.clip as object), vision: 'onnx/vision_model.onnx' } };
    expect(() => loadCatalog(withModel(wrongPath))).toThrow(/clip\.vision onnx\/vision_model\.onnx is not one of its installed files/);
    const badResize = { ...base, preprocessing: { ...(base.preprocessing as object), resize: 'letterbox' } };
    expect(() => loadCatalog(withModel(badResize))).toThrow();
  });
});
