import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InferenceHost } from '../../inference/host-client';
import { MANIFEST_NAME } from '../../models/installed';
import { makeTempDir, removeTempDirs } from '../../workspace/spec-helpers';
import { createInlineCompute, type SegmentationCompute } from '../compute/compute';
import { EngineSlot } from './engine-slot';

afterEach(() => removeTempDirs());

/** Never started: GrowCut, and a model that fails before loading, do not need the host. */
const noHost = {} as InferenceHost;

function counting(): SegmentationCompute & { closed: number } {
  const inline = createInlineCompute();
  const compute = { ...inline, closed: 0, close: async () => void (compute.closed += 1) };
  return compute;
}

describe('EngineSlot', () => {
  it('opens GrowCut when no model is installed, once for concurrent callers, and closes the worker with it', async () => {
    const compute = counting();
    const logged: string[] = [];
    const slot = new EngineSlot({ modelsDir: makeTempDir(), host: noHost, featureCacheDir: null, compute, log: (m) => logged.push(m) });
    const [a, b] = await Promise.all([slot.engine(), slot.engine()]);
    expect(a).toBe(b);
    expect(a.kind).toBe('growcut');
    expect(await slot.status()).toEqual({ engine: 'growcut', modelId: null, provider: 'cpu', fallbackReason: null });
    expect(logged).toEqual(['segmentation: GrowCut']);
    await slot.close();
    expect(compute.closed).toBe(1);
    await expect(slot.status()).rejects.toThrow(/closed/);
  });

  it('says why an installed model is not in use when GrowCut answers instead', async () => {
    const modelsDir = makeTempDir();
    mkdirSync(join(modelsDir, 'sam-gone'));
    writeFileSync(
      join(modelsDir, 'sam-gone', MANIFEST_NAME),
      JSON.stringify({
        format: 1,
        id: 'sam-gone',
        title: 'moved away',
        task: 'segmentation',
        family: 'samexporter',
        source: 'user',
        encoder: '/gone/encoder.onnx',
        decoder: '/gone/decoder.onnx',
        files: [{ path: '/gone/encoder.onnx', sizeBytes: 1, sha256: null }],
        licence: null,
        installedAt: '2026-01-01T00:00:00Z',
        checkedProvider: 'cpu',
      }),
    );
    const slot = new EngineSlot({ modelsDir, host: noHost, featureCacheDir: null, compute: counting(), log: () => {} });
    expect(await slot.status()).toEqual({
      engine: 'growcut',
      modelId: null,
      provider: 'cpu',
      fallbackReason: expect.stringMatching(/^sam-gone could not be opened, so GrowCut answered: .*missing \/gone\/encoder\.onnx/),
    });
    await slot.close();
  });
});
