// What the segmentation engines take and give. Plain data with typed arrays: it crosses to the
// segmentation worker and (later) to the renderer by structured clone. Coordinates are image pixels
// (x = column, y = row, 0-based, fractions allowed), as the viewer reports them.
import type { BoxPrompt, PointPrompt } from '../../common/domain';

/** An 8-bit image: exactly one of `grey` (W·H bytes) or `rgb` (W·H·3 bytes, interleaved). */
export interface SegmentImage {
  width: number;
  height: number;
  grey?: Uint8Array;
  rgb?: Uint8Array;
}

// Prompts are the contract's own types (common/domain): what the renderer sends is what the engine takes.
export type { BoxPrompt, PointPrompt } from '../../common/domain';

export interface Prompts {
  points: PointPrompt[];
  box?: BoxPrompt;
}

/** Mask logits on the model's low-resolution grid (SAM2: 256², covering the whole image). */
export interface LowResLogits {
  width: number;
  height: number;
  data: Float32Array;
}

export interface SegmentRequest {
  image: SegmentImage;
  /**
   * Identifies the encoder input: the caller builds it from (SOPInstanceUID, frame, VOI, model id), so
   * the same frame at another window is encoded again (the model sees the windowed pixels).
   */
  cacheKey: string;
  prompts: Prompts;
  /** The previous result's low-res logits, fed back as mask input where the model family allows it. */
  previous?: { lowResLogits: LowResLogits };
  /** Which candidate mask: 0 = the best (default), 1 = the next, ... (wraps around). */
  alternative?: number;
}

/** A prompt the engine did not use, and why (shown to the user). */
export interface IgnoredPrompt {
  prompt: 'point' | 'box';
  index: number;
  reason: string;
}

export interface SegmentTimes {
  /** Encoder run for this call; 0 when its features were cached. */
  encodeMs: number;
  /** Decoder session.run (SAM2, measured in the inference host) or the GrowCut competition. */
  decodeMs: number;
  /** Pre- and post-processing in MaskCue (resizing, feeds, upsampling, threshold). */
  processMs: number;
  totalMs: number;
}

export type EngineKind = 'sam2' | 'growcut';

export interface SegmentResult {
  /** 0/1 per pixel, width × height of the request's image. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** Feed this back as `previous` for the next click. */
  lowResLogits: LowResLogits;
  /**
   * SAM2: the decoder's predicted IoU of the chosen mask. GrowCut: the mean strength (0..1) of the
   * foreground cells, a confidence of another kind; not comparable across engines.
   */
  score: number;
  /** How many candidate masks there are to cycle through (1 when the engine gives one). */
  alternatives: number;
  /** Which of them this is (0 = best). */
  alternative: number;
  engine: EngineKind;
  /** 'growcut', or the installed model's id. */
  modelId: string;
  /** SAM2 export family ('samexporter', ...); 'growcut' for GrowCut. */
  family: string;
  /** Execution provider the decoder ran on ('cpu', 'cuda', ...); 'cpu' for GrowCut. */
  provider: string;
  /** Whether `previous` was fed to the model (false when absent, or the family has no mask input). */
  maskInputUsed: boolean;
  /** Where the encoder features came from: computed now, the host's memory cache, or the disk cache. */
  features: 'encoded' | 'memory' | 'disk' | 'none';
  ignored: IgnoredPrompt[];
  times: SegmentTimes;
}

export interface EngineStats {
  encodes: number;
  memoryHits: number;
  diskHits: number;
  decodes: number;
}
