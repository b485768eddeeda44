// CLIP through the inference host: model folders, tokenizer, the Featurizer, zero-shot scoring.
export { openClipFeaturizer, logitScaleFromConfig, DEFAULT_TEMPLATE, type ClipFeaturizer, type ClipFeaturizerOptions } from './clip-featurizer';
export { detectClipFolder, CLIP_VARIANTS, type ClipFolder, type ClipLayout } from './model-folder';
export { loadClipTokenizer, type ClipTokenizer } from './tokenizer';
export { l2Normalise, zeroShotProbabilities } from './zero-shot';
