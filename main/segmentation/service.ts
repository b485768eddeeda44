// The segmentation service behind the contract: status, segment and propagate (service/interactive.ts,
// on the engine service/engine-slot.ts opens on first use), and the accepted segments kept in the
// workspace (service/segment-store.ts). Saves keep track of themselves, so close() waits for one in
// progress instead of closing the database under it; a click in progress just fails.
import type { Handlers } from '../../common/api';
import type { DecodedFrame } from '../../common/dicom';
import type { EventBus } from '../events/event-bus';
import type { InferenceHost } from '../inference/host-client';
import type { Workspace } from '../workspace/workspace';
import type { LocateInstance } from '../dicom/instance-location';
import type { SegmentationCompute } from './compute/compute';
import { EngineSlot } from './service/engine-slot';
import { InteractiveSegmenter } from './service/interactive';
import { NeighbourPrefetch } from './service/neighbours';
import { ResultCache } from './service/result-cache';
import { SegmentStore } from './service/segment-store';

export interface SegmentationServiceDeps {
  workspace: Workspace;
  events: EventBus;
  inference: InferenceHost;
  modelsDir: string;
  locate: LocateInstance;
  /** Main's decoded frame (the same the viewer shows). */
  frame: (SOPInstanceUID: string, frame: number) => Promise<DecodedFrame>;
  log: (message: string) => void;
  /** Where the pixel work runs; default a worker thread (tests may pass createInlineCompute()). */
  compute?: SegmentationCompute;
  /** How many answers are kept for `previous` and `propagate`; default 64. */
  resultLimit?: number;
}

export interface SegmentationService {
  handlers: { segmentation: Handlers['segmentation'] };
  /** The installed models changed: the next call opens the engine anew. */
  reloadEngine(): Promise<void>;
  close(): Promise<void>;
}

/** SAM2 encoder features on disk, inside the workspace (they are derived from its images). */
export const FEATURE_CACHE_BLOB_DIR = 'cache/sam2';

export function createSegmentationService(deps: SegmentationServiceDeps): SegmentationService {
  const { workspace, log } = deps;
  const slot = new EngineSlot({
    modelsDir: deps.modelsDir,
    host: deps.inference,
    featureCacheDir: workspace.blobs.resolve(FEATURE_CACHE_BLOB_DIR),
    compute: deps.compute,
    log,
  });
  const results = new ResultCache(deps.resultLimit);
  const neighbours = new NeighbourPrefetch(() => workspace.db, deps.frame, log);
  const store = new SegmentStore(workspace, log);
  const interactive = new InteractiveSegmenter({
    engine: () => slot.engine(),
    frame: deps.frame,
    results,
    accepted: (id) => store.accepted(id),
    worked: (engine, target, voi) => neighbours.schedule(engine, target, voi),
    log,
  });
  // Tidy masks an interrupted save left behind, off the start-up path.
  void store.sweepOnce();

  const writes = new Set<Promise<unknown>>();
  const write = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const call = fn(...args);
      writes.add(call);
      const done = () => writes.delete(call);
      call.then(done, done);
      return call;
    };

  return {
    reloadEngine: async () => {
      // Answers of the old engine must not be fed to the new one as `previous`.
      results.clear();
      await slot.reload();
    },
    handlers: {
      segmentation: {
        status: () => slot.status(),
        segment: (request) => interactive.segment(request),
        propagate: (request) => interactive.propagate(request),
        accept: write((request) => store.accept(request)),
        list: async (SeriesInstanceUID) => store.list(SeriesInstanceUID),
        mask: (id) => store.mask(id),
        remove: write((id) => store.remove(id)),
      },
    },
    async close() {
      neighbours.stop();
      await Promise.allSettled([...writes, store.sweepOnce()]);
      results.clear();
      await slot.close();
    },
  };
}
