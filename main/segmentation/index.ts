// The segmentation engine core, for main's services (the viewer's clicks, undo and propagation come
// through them): open an engine, segment with prompts, feed the previous low-res logits back.
// Pixel work runs in the segmentation worker in the app (WorkerCompute), inline in the CLI and tests.
export type { SegmentationEngine } from './engine';
export type {
  BoxPrompt,
  EngineKind,
  EngineStats,
  IgnoredPrompt,
  LowResLogits,
  PointPrompt,
  Prompts,
  SegmentImage,
  SegmentRequest,
  SegmentResult,
  SegmentTimes,
} from './types';
export { openEngine, openSegmentationEngine, type OpenEngineOptions, type OpenedEngine } from './open-engine';
export { createInlineCompute, type SegmentationCompute } from './compute/compute';
export { WorkerCompute } from './compute/worker-compute';
export { GrowCutEngine } from './growcut/growcut-engine';
export { Sam2Engine } from './sam2/sam2-engine';
export { windowFrame, type Voi, type WindowedFrame } from './image/window';
export { readImageFile } from './image/read-image';
export { encodeGreyPng, decodePng } from './image/png';
export { SAM2_FAMILIES, familyById } from './sam2/families/registry';
