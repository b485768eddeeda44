// Segmentation as the renderer sees it: prompts on one frame, the mask that answers them, and the
// accepted segments kept in the workspace. Coordinates are image pixels (x = column, y = row).

export interface PointPrompt {
  x: number;
  y: number;
  /** 1 = include (positive click), 0 = exclude (negative click). */
  label: 1 | 0;
}

export interface BoxPrompt {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface FramePrompts {
  points: PointPrompt[];
  box?: BoxPrompt;
}

export interface FrameRef {
  SOPInstanceUID: string;
  frame: number;
}

/** The window the reader is looking through: the encoder sees the same grey levels. */
export interface Voi {
  center: number;
  width: number;
}

/** A binary mask at the image's size, one byte per pixel (0 or 1), row-major. */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface SegmentRequest {
  target: FrameRef;
  voi: Voi | null;
  prompts: FramePrompts;
  /** resultId of the previous answer on this frame: its low-res logits are fed back (SAM2). */
  previous?: string | null;
  /** Which multimask candidate to return for a single click (0 = best). */
  alternative?: number;
}

export interface SegmentResult {
  /** Handle for feeding this answer back (previous) or carrying it to the next slice. */
  resultId: string;
  target: FrameRef;
  mask: BinaryMask;
  areaPx: number;
  score: number;
  alternatives: number;
  alternative: number;
  engine: string;
  modelId: string | null;
  provider: string | null;
  /** Clicks that were not used, with why (outside the image, ...). */
  ignored: { x: number; y: number; reason: string }[];
  times: { totalMs: number; encodeMs: number; decodeMs: number };
}

export interface PropagateRequest {
  /** The answer to carry: its mask's box (and low-res logits where the model takes them). */
  from: string;
  target: FrameRef;
  voi: Voi | null;
}

export interface AcceptRequest {
  target: FrameRef;
  label: string;
  mask: BinaryMask;
  prompts: FramePrompts;
  engine: string;
  modelId: string | null;
}

export interface SegmentRecord {
  id: string;
  SOPInstanceUID: string;
  frame: number;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  label: string;
  engine: string;
  modelId: string | null;
  width: number;
  height: number;
  areaPx: number;
  /** mm², when PixelSpacing is known. */
  areaMm2: number | null;
  createdAt: string;
}

export interface SegmentationStatus {
  engine: string;
  modelId: string | null;
  provider: string | null;
  /** Why an installed model is not in use (it failed to open), when GrowCut answers instead. */
  fallbackReason: string | null;
}
