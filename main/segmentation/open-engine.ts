// Opens the engine a user asked for: 'growcut', an installed SAM2 model by id, or 'auto' (the first
// installed SAM2 model, else GrowCut). A model that cannot be opened (missing files, a corrupt or
// truncated download, an export MaskCue does not know) falls back to GrowCut under 'auto' and says
// why; asked for by name, it is an error, so a script never silently gets another engine.

import { join } from 'node:path';
import { MaskcueError } from '../../common/api';
import type { InferenceHost } from '../inference/host-client';
import { fingerprintOf, listInstalled, readInstalled } from '../models/installed';
import type { SegmentationCompute } from './compute/compute';
import type { SegmentationEngine } from './engine';
import { GrowCutEngine } from './growcut/growcut-engine';
import { Sam2Engine } from './sam2/sam2-engine';

export interface OpenEngineOptions {
  modelsDir: string;
  compute: SegmentationCompute;
  /** Needed for SAM2 models. */
  host?: InferenceHost;
  /** Root of the on-disk feature caches (one sub-folder per model); none when absent. */
  featureCacheDir?: string | null;
}

export interface OpenedEngine {
  engine: SegmentationEngine;
  /** Why the engine asked for is not the one running (auto only), or null. */
  fallback: string | null;
}

export async function openSegmentationEngine(engineId: string, options: OpenEngineOptions): Promise<SegmentationEngine> {
  if (engineId === 'growcut') return new GrowCutEngine(options.compute);
  const model = readInstalled(options.modelsDir, engineId);
  if (!model) {
    throw new MaskcueError('NOT_FOUND', `No segmentation model ${engineId} is installed. \`maskcue models list\` shows what is; \`maskcue models fetch ${engineId}\` installs a catalog model.`);
  }
  if (model.manifest.task !== 'segmentation') throw new MaskcueError('INVALID_ARGUMENT', `${engineId} is a ${model.manifest.task} model, not a segmentation one.`);
  if (model.missing.length) {
    throw new MaskcueError('MODEL_LOAD_FAILED', `${engineId} is missing ${model.missing.join(', ')}. Reinstall it (\`maskcue models fetch ${engineId} --force\`, or \`models add\` again).`);
  }
  if (!options.host) throw new MaskcueError('INTERNAL', 'A SAM2 model needs the inference host.');
  return Sam2Engine.open({
    host: options.host,
    compute: options.compute,
    modelId: engineId,
    encoderPath: model.encoderPath,
    decoderPath: model.decoderPath,
    fingerprint: fingerprintOf(model),
    featureDir: options.featureCacheDir ? join(options.featureCacheDir, engineId) : null,
  });
}

export async function openEngine(engineId: string, options: OpenEngineOptions): Promise<OpenedEngine> {
  if (engineId !== 'auto') return { engine: await openSegmentationEngine(engineId, options), fallback: null };
  const candidate = listInstalled(options.modelsDir).find((m) => m.manifest.task === 'segmentation');
  if (!candidate) return { engine: new GrowCutEngine(options.compute), fallback: null };
  try {
    return { engine: await openSegmentationEngine(candidate.manifest.id, options), fallback: null };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { engine: new GrowCutEngine(options.compute), fallback: `${candidate.manifest.id} could not be opened, so GrowCut answered: ${why}` };
  }
}
