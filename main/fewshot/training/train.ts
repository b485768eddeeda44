// The few-shot head's public face (the inference host trains with it, the service scores with it):
// stage 1 prototypes and the stage-2 learned prompt, scoring, the zero-shot head, metrics.
export { computeMetrics } from './metrics';
export { headFeature, headLogits, predictProbabilities, zeroShotHead, type ZeroShotSpec } from './predict';
export { CHECKPOINT_EVERY, NO_CV_STEPS, TRAIN_DEFAULTS, trainHead } from './train-head';
export { chooseUncertainBelow, defaultUncertainBelow } from './uncertainty';
