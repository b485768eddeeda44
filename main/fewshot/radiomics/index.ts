// Radiomics features inside a mask: the classifier's embedded default (notes/method.md §4).
export { RADIOMICS_FEATURE_NAMES, RADIOMICS_VERSION, computeRadiomics } from './features';
export { RADIOMICS_LOGIT_SCALE, createRadiomicsFeaturizer } from './featurizer';
