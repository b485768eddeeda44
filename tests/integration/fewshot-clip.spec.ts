// The few-shot service with a CLIP model installed (the generated tiny CLIP, registered with
// `models add` as a user would): the status names it, a research dataset imports by folder, training
// fuses focus view and full image and compares with the full image alone on the same folds — on a
// set whose class evidence is only inside the mask, the mask must win — and classification runs
// through the inference host.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/app-core';
import { InferenceHost } from '../../main/inference/host-client';
import { addModelFolder } from '../../main/models/add';
import { encodeGreyPng, encodePngRgb } from '../../main/segmentation/image/png';
import { synthFocusDataset, writeTinyClip } from '../fixtures/onnx/clip/tiny-clip';
import { coreCalls } from './support/core-calls';

let root: string;
let core: Core;

const { call } = coreCalls(() => core);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-fewshot-clip-'));
  const models = join(root, 'models');
  const host = new InferenceHost({ transport: 'child-process', providers: ['cpu'] });
  try {
    const { folder } = writeTinyClip(join(root, 'tiny-clip'), 'transformers.js');
    const added = await addModelFolder(folder, { root: models, host, id: 'tiny-clip', title: 'Tiny CLIP (generated)' });
    expect(added.manifest).toMatchObject({ task: 'classification', family: 'transformers.js', modelRoot: '.' });
  } finally {
    await host.close();
  }
  // One folder per class, masks beside the images (BUSI's layout).
  const dataset = join(root, 'dataset');
  synthFocusDataset(24, 5).forEach((item, i) => {
    const dir = join(dataset, item.label === 0 ? 'horizontal' : 'vertical');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `case${i}.png`), encodePngRgb(item.image.width, item.image.height, item.image.rgb));
    writeFileSync(join(dir, `case${i}_mask.png`), encodeGreyPng(item.image.width, item.image.height, item.mask.map((v) => v * 255)));
  });
  core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: models, mode: 'browser', host: { providers: ['cpu'] }, log: () => {} });
});

afterAll(async () => {
  await core?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('few-shot classification with a CLIP model', () => {
  it('says the installed CLIP model answers', async () => {
    expect(await call('fewshot', 'status')).toMatchObject({ engine: 'clip', modelId: 'tiny-clip', fallbackReason: null, title: expect.stringContaining('Tiny CLIP') });
  });

  it('imports a research dataset by folder, then trains a fused pack that beats the full image on the same folds', async () => {
    const report = await call('fewshot', 'importFolder', { path: join(root, 'dataset') });
    expect(report).toMatchObject({ added: 24, classes: ['horizontal', 'vertical'], skipped: [] });
    const pack = await call('fewshot', 'train', { jobId: 'clip-1' });
    expect(pack).toMatchObject({ engine: 'clip', modelId: 'tiny-clip', view: 'fused', focus: 'overlay', classes: ['horizontal', 'vertical'], exemplarsPerClass: [12, 12] });
    expect(pack.baseline?.view).toBe('full');
    const withMask = pack.metrics!.balancedAccuracy;
    const fullOnly = pack.baseline!.metrics.balancedAccuracy;
    console.log(`tiny CLIP, 12 + 12 exemplars, cross-validated balanced accuracy: fused ${withMask.toFixed(3)} vs full image ${fullOnly.toFixed(3)}`);
    expect(withMask).toBeGreaterThan(fullOnly + 0.2);
    expect(withMask).toBeGreaterThanOrEqual(0.9);
  });

  it('evaluates zero-shot, full, focus and fused on the same splits', async () => {
    const table = await call('fewshot', 'evaluate', { jobId: 'clip-eval', shots: [4], seeds: 2, stage: 1 });
    const row = (view: string) => table.rows.find((r) => r.view === view)!;
    expect(table.rows.map((r) => r.view)).toEqual(['zero-shot', 'full', 'focus', 'fused']);
    console.log(table.rows.map((r) => `${r.view} ${r.balancedAccuracy.mean.toFixed(2)}`).join(', '));
    expect(row('focus').balancedAccuracy.mean).toBeGreaterThan(row('full').balancedAccuracy.mean + 0.2);
  });

  it('trains with another focus mode, which stays in use after a restart', async () => {
    await call('fewshot', 'setFocus', 'blur-outside');
    const pack = await call('fewshot', 'train', { jobId: 'clip-blur', stage: 1 });
    expect(pack.focus).toBe('blur-outside');
    await core.close();
    core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'models'), mode: 'browser', host: { providers: ['cpu'] }, log: () => {} });
    expect(await call('fewshot', 'status')).toMatchObject({ focus: 'blur-outside', activePack: { version: pack.version, focus: 'blur-outside' } });
  });

  it('thumbnails file exemplars', async () => {
    const [first] = await call('fewshot', 'exemplars', {});
    expect(first!.source.kind).toBe('file');
    const thumb = await call('fewshot', 'thumbnail', first!.id);
    expect(thumb.width).toBeGreaterThan(8);
  });
});
