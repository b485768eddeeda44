// Where the decode worker's module is: decode-worker.js beside the bundle (scripts/build.mjs), or
// decode-worker.ts from source (see main/workers/worker-source.ts).
import { workerSource, type WorkerSource } from '../../../workers/worker-source';

export type WorkerEntry = WorkerSource;

export function resolveDecodeWorker(override?: URL): WorkerEntry {
  return workerSource(import.meta.url, new URL('./decode-worker.ts', import.meta.url), new URL('./decode-worker.js', import.meta.url), override);
}
