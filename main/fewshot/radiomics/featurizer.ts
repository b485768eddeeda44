// Radiomics behind the Featurizer seam: the embedded default when no CLIP model is installed, in-process
// (no host: ~15 ms for a BUSI-sized image, tens of ms for a 1024² frame; the loop yields between images). There is no text side, and the focus mode does not apply: the
// mask itself selects the pixels.
//
// logitScale 8. The head scores the cosine between standardised features and its class rows. For
// radiomics that cosine spreads far wider than CLIP's (54 z-scored features; on BUSI at 16 shots a
// sample's cosine to its own class mean is 0.6 on average, 0.3..0.9 for 80 % of samples, and −0.3,
// −0.7..0.2, to the other classes'), so CLIP's 100 would saturate the softmax. Measured on BUSI (tests/integration/radiomics-busi.spec.ts), the scale that minimises test
// cross-entropy of prototype (class-mean) logits is 4 at K = 1, 5 at K = 4 and 6 at K = 16, rising as
// prototypes sharpen; a trained head sharpens them further, so 8 sits just above the prototypes'
// optimum: calibrated for stage 1, and a logit gap of up to 16 leaves stage 2 room to be confident.

import { MaskcueError } from '../../../common/api';
import type { ClassPrompt, Featurizer, ImageEmbedding, MaskedImage } from '../types';
import { RADIOMICS_FEATURE_NAMES, RADIOMICS_VERSION, computeRadiomics } from './features';

export const RADIOMICS_LOGIT_SCALE = 8;

export function createRadiomicsFeaturizer(): Featurizer {
  return {
    engine: 'radiomics',
    modelId: 'radiomics',
    fingerprint: `radiomics-${RADIOMICS_VERSION}`,
    dims: RADIOMICS_FEATURE_NAMES.length,
    hasText: false,
    logitScale: RADIOMICS_LOGIT_SCALE,
    featureNames: RADIOMICS_FEATURE_NAMES,
    async embed(items: readonly MaskedImage[]): Promise<ImageEmbedding[]> {
      const out: ImageEmbedding[] = [];
      for (const [k, { image, mask }] of items.entries()) {
        // Tens of ms per large frame, on main's loop: let other work through between images.
        if (k > 0) await new Promise<void>((done) => setImmediate(done));
        out.push({ focus: computeRadiomics(image, mask), full: null });
      }
      return out;
    },
    embedClasses(_classes: readonly ClassPrompt[]): Promise<Float32Array[]> {
      return Promise.reject(
        new MaskcueError('INVALID_ARGUMENT', 'radiomics has no text prompts: classify with exemplars (prototypes or a trained head), or install a CLIP model for zero-shot and text anchors.'),
      );
    },
    close(): Promise<void> {
      return Promise.resolve();
    },
  };
}
