// The segmentation engine API main's services (and later the viewer, through them) call: one
// interface, answered by a SAM2 model in the inference host (sam2/sam2-engine.ts) or by the embedded
// GrowCut (growcut/growcut-engine.ts). Every call takes all the prompts so far (engines are
// stateless per click except for their feature caches), and the previous result's low-res logits.

import type { EngineKind, EngineStats, SegmentImage, SegmentRequest, SegmentResult } from './types';

export type { SegmentRequest, SegmentResult, SegmentImage, EngineStats } from './types';

export interface SegmentationEngine {
  readonly kind: EngineKind;
  /** 'growcut' or the model id. */
  readonly modelId: string;
  /** Export family ('samexporter', ...) or 'growcut'. */
  readonly family: string;
  /** Where the model runs ('cpu', 'cuda', ...). */
  readonly provider: string;
  segment(request: SegmentRequest): Promise<SegmentResult>;
  /**
   * Computes and caches the encoder features for an image without decoding (neighbouring slices while
   * the user works). At most one prefetch runs at a time, so a click waits behind one encoder run at
   * worst; GrowCut has nothing to prefetch.
   */
  prefetch(image: SegmentImage, cacheKey: string): Promise<void>;
  /** Drops prefetches not started yet (the user moved on). */
  cancelPrefetch(): void;
  stats(): EngineStats;
  close(): Promise<void>;
}
