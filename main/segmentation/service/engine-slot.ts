// The one segmentation engine the app runs, opened on first use ('auto': the first installed SAM2
// model, else GrowCut, with the reason when a model failed to open). Opening a SAM2 model loads two
// graphs in the inference host, seconds for the large ones, so it waits for the first click or status
// call instead of slowing start-up. Pixel work runs in the segmentation worker.

import type { SegmentationStatus } from '../../../common/domain';
import type { InferenceHost } from '../../inference/host-client';
import type { SegmentationCompute } from '../compute/compute';
import { WorkerCompute } from '../compute/worker-compute';
import type { SegmentationEngine } from '../engine';
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
  private opening: Promise<OpenedEngine> | null = null;
  private readonly compute: SegmentationCompute;
  private closed = false;

  constructor(private readonly options: EngineSlotOptions) {
    this.compute = options.compute ?? new WorkerCompute();
  }

  async engine(): Promise<SegmentationEngine> {
    return (await this.open()).engine;
  }

  async status(): Promise<SegmentationStatus> {
    const { engine, fallback } = await this.open();
    return statusOf(engine, fallback);
  }

  private open(): Promise<OpenedEngine> {
    if (this.closed) return Promise.reject(new Error('The segmentation service has been closed.'));
    this.opening ??= openEngine('auto', {
      modelsDir: this.options.modelsDir,
      compute: this.compute,
      host: this.options.host,
      featureCacheDir: this.options.featureCacheDir,
    }).then((opened) => {
      const { engine, fallback } = opened;
      this.options.log(`segmentation: ${engine.kind === 'sam2' ? `SAM2 ${engine.modelId} (${engine.family}, ${engine.provider})` : 'GrowCut'}${fallback ? ` — ${fallback}` : ''}`);
      return opened;
    });
    // openEngine falls back to GrowCut rather than failing; anything else (the models folder cannot be
    // read) is retried on the next call instead of being remembered.
    this.opening.catch(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /** After a model was added or removed: the next call opens whichever engine is installed now. */
  async reload(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const opened = await opening?.catch(() => null);
    await opened?.engine.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = null;
    if (opening) {
      const opened = await opening.catch(() => null);
      await opened?.engine.close();
    }
    await this.compute.close();
  }
}

export function statusOf(engine: SegmentationEngine, fallback: string | null): SegmentationStatus {
  return engine.kind === 'sam2'
    ? { engine: 'sam2', modelId: engine.modelId, provider: engine.provider, fallbackReason: null }
    : { engine: 'growcut', modelId: null, provider: 'cpu', fallbackReason: fallback };
}
