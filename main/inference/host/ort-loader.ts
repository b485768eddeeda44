// onnxruntime-node is loaded on the first request, not at start-up: a broken native install (missing
// .so/.dll, wrong arch, asar packaging mistake) must become an error reply the user can read, not a
// host that dies before it can say anything, which main would take for a crash loop.

import { MaskcueError } from '../../../common/api';

export type Ort = typeof import('onnxruntime-node');
export type OrtLoader = () => Promise<Ort>;

let loading: Promise<Ort> | null = null;

export const loadOrt: OrtLoader = () => {
  loading ??= import('onnxruntime-node').catch((e: unknown) => {
    // Forget the failure so a later request tries again and reports the current cause.
    loading = null;
    const reason = e instanceof Error ? e.message : String(e);
    throw new MaskcueError(
      'HOST_UNAVAILABLE',
      `The ONNX runtime (onnxruntime-node) could not be loaded, so no model can run: ${reason}. ` +
        'Reinstall MaskCue (from source: run npm install again).',
    );
  });
  return loading;
};
