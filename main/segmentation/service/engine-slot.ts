// The one segmentation engine the app runs, opened on first use ('auto': the first installed SAM2
// model, else GrowCut, with the reason when a model failed to open). Opening a SAM2 model loads two
// graphs in the inference host, seconds for the large ones, so it waits for the first click or status
// call instead of slowing start-up. Pixel work runs in the segmentation worker.

import type { SegmentationStatus } from '../../../common/domain';
import type { InferenceHost } from '../../inference/host-client';
import type { SegmentationCompute } from '../compute/compute';
import { WorkerCompute } from '../compute/worker-compute';
import type { SegmentationEngine } from '../engine';
import { ModelSlot } from '../../models/model-slot';
import { openEngine, type OpenedEngine } from '../open-engine';

export interface EngineSlotOptions {
  modelsDir: string;
  host: InferenceHost;
  featureCacheDir: string | null;
  /** Default: the segmentation worker thread. */
  compute?: SegmentationCompute;
  log: (message: string) => void;
}

export class EngineSlot {
  private readonly compute: SegmentationCompute;
  private readonly slot: ModelSlot<OpenedEngine>;

  constructor(options: EngineSlotOptions) {
    const compute = (this.compute = options.compute ?? new WorkerCompute());
    // openEngine falls back to GrowCut rather than failing; anything else (the models folder cannot be
    // read) is retried on the next call instead of being remembered (ModelSlot).
    this.slot = new ModelSlot(
      'segmentation',
      () =>
        openEngine('auto', { modelsDir: options.modelsDir, compute, host: options.host, featureCacheDir: options.featureCacheDir }).then((opened) => {
          const { engine, fallback } = opened;
          options.log(`segmentation: ${engine.kind === 'sam2' ? `SAM2 ${engine.modelId} (${engine.family}, ${engine.provider})` : 'GrowCut'}${fallback ? ` — ${fallback}` : ''}`);
          return opened;
        }),
      (opened) => opened.engine.close(),
    );
  }

  async engine(): Promise<SegmentationEngine> {
    return (await this.slot.get()).engine;
  }

  async status(): Promise<SegmentationStatus> {
    const { engine, fallback } = await this.slot.get();
    return statusOf(engine, fallback);
  }

  /** After a model was added or removed: the next call opens whichever engine is installed now. */
  reload(): Promise<void> {
    return this.slot.reload();
  }

  async close(): Promise<void> {
    await this.slot.close();
    await this.compute.close();
  }
}

export function statusOf(engine: SegmentationEngine, fallback: string | null): SegmentationStatus {
  return engine.kind === 'sam2'
    ? { engine: 'sam2', modelId: engine.modelId, provider: engine.provider, fallbackReason: null }
    : { engine: 'growcut', modelId: null, provider: 'cpu', fallbackReason: fallback };
}
