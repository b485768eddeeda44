// The pixel work of segmentation — the encoder input (resize + normalise, ~10–40 ms), the mask
// (bilinear upsample + threshold, up to ~20 ms at 2048²) and GrowCut (~100 ms) — behind one interface,
// so the app runs it in a worker thread (worker-compute.ts; DESIGN.md: nothing heavy on main's loop)
// while the CLI and tests run it inline, in their own process.

import type { SegmentImage } from '../types';
import { upsampleToMask } from '../image/logits';
import { toModelInput } from '../image/model-input';
import { runGrowCut, type GrowCutJob, type GrowCutJobResult } from '../growcut/segment';

export interface SegmentationCompute {
  readonly kind: 'inline' | 'worker';
  /** [1, 3, height, width] float32, ImageNet-normalised (image/model-input.ts). */
  modelInput(image: SegmentImage, width: number, height: number): Promise<Float32Array>;
  /** Bilinear upsample of one low-res logit grid to the image, then > 0. */
  maskFromLowRes(logits: Float32Array, lowWidth: number, lowHeight: number, width: number, height: number): Promise<Uint8Array>;
  growCut(job: GrowCutJob): Promise<GrowCutJobResult>;
  close(): Promise<void>;
}

export function createInlineCompute(): SegmentationCompute {
  return {
    kind: 'inline',
    modelInput: async (image, width, height) => toModelInput(image, { width, height }),
    maskFromLowRes: async (logits, lw, lh, w, h) => upsampleToMask(logits, lw, lh, w, h),
    growCut: async (job) => runGrowCut(job),
    close: async () => undefined,
  };
}
