// The focus view (mask → visual prompt), CLIP's preprocessing geometry and occlusion maps: pure image code.
export { buildPixelBatch, type PixelBatch } from './pixel-batch';
export { applyMode, cropRegion, focusAndOriginal, OVERLAY_COLOUR } from './focus-view';
export { heatFromDrops, occlusionPlan, type OcclusionCell, type OcclusionOptions, type OcclusionPlan } from './occlusion';
export {
  DEFAULT_CLIP_PREPROCESS,
  fromHfPreprocessorConfig,
  fromOpenClipPreprocessCfg,
  outputSize,
  type ClipPreprocess,
  type Resample,
} from './preprocess-config';
