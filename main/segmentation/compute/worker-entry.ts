// Where the segmentation worker's module is: segmentation-worker.js beside the bundle
// (scripts/build.mjs), or compute-worker.ts from source (see main/workers/worker-source.ts).
import { workerSource, type WorkerSource } from '../../workers/worker-source';

export type { WorkerSource };

export function resolveSegmentationWorker(override?: URL): WorkerSource {
  return workerSource(import.meta.url, new URL('./compute-worker.ts', import.meta.url), new URL('./segmentation-worker.js', import.meta.url), override);
}
