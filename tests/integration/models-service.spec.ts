// Models from the app (walkthrough step 5: install from a colleague's USB stick): adding a folder of
// exports switches the engines at once, removing it falls back; masks and exemplars are untouched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/app-core';
import { writeTinyClip } from '../fixtures/onnx/clip/tiny-clip';
import { writeTinyFamily } from '../fixtures/onnx/sam2/families';
import { coreCalls } from './support/core-calls';

let root: string;
let core: Core;
const { call, failure } = coreCalls(() => core);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-models-service-'));
  core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'models'), mode: 'browser', host: { providers: ['cpu'] }, log: () => {} });
});

afterAll(async () => {
  await core?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('models from the app', () => {
  it('adding a SAM2 export switches segmentation to it; a CLIP folder switches classification', async () => {
    expect(await call('segmentation', 'status')).toMatchObject({ engine: 'growcut' });
    expect(await call('fewshot', 'status')).toMatchObject({ engine: 'radiomics' });

    writeTinyFamily(join(root, 'usb', 'sam2'), 'samexporter');
    const added = await call('models', 'add', { path: join(root, 'usb', 'sam2'), inPlace: false });
    expect(added).toMatchObject({ task: 'segmentation', family: 'samexporter', installed: true });
    expect(await call('segmentation', 'status')).toMatchObject({ engine: 'sam2', modelId: added.id });

    const clip = writeTinyClip(join(root, 'usb', 'clip'), 'transformers.js');
    const clipRecord = await call('models', 'add', { path: clip.folder, inPlace: true });
    expect(clipRecord).toMatchObject({ task: 'classification', family: 'transformers.js' });
    expect(await call('fewshot', 'status')).toMatchObject({ engine: 'clip', modelId: clipRecord.id });
    expect((await call('app', 'info')).engines.classification.modelId).toBe(clipRecord.id);

    expect(await call('models', 'remove', added.id)).toEqual({ removed: true });
    expect(await call('models', 'remove', clipRecord.id)).toEqual({ removed: true });
    expect(await call('models', 'remove', clipRecord.id)).toEqual({ removed: false });
    expect(await call('segmentation', 'status')).toMatchObject({ engine: 'growcut' });
    expect(await call('fewshot', 'status')).toMatchObject({ engine: 'radiomics' });
    const audit = await call('workspace', 'audit', { limit: 20 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['model.add', 'model.remove']));
  });

  it('says what a folder lacks', async () => {
    const error = await failure('models', 'add', { path: join(root, 'nowhere'), inPlace: false });
    expect(error.message).toMatch(/is not a folder/);
  });
});
