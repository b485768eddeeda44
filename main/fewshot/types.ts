// The seams of the classification feature (notes/method.md), so its parts can be built and tested
// apart: a Featurizer turns (image, mask) into embeddings (CLIP through the inference host, or
// radiomics in-process); the head (training/) learns from embeddings only; the service ties them to
// the exemplar library in the workspace. Plain data with typed arrays: training crosses into the
// inference host by structured clone.

import type { ClassMetrics, ClassifierEngine, ClassifierView, FocusMode } from '../../common/domain';
import type { SegmentImage } from '../segmentation/types';

/** One image and its mask (0/1 bytes, width × height of the image). */
export interface MaskedImage {
  image: SegmentImage;
  mask: Uint8Array;
}

/**
 * What a featurizer gives per image. CLIP: `focus` = the focus view's embedding, `full` = the original
 * image's, both L2-normalised, from one batch. Radiomics: `focus` = the raw feature vector inside the
 * mask (not normalised: the head standardises with training-set statistics), `full` = null.
 */
export interface ImageEmbedding {
  focus: Float32Array;
  full: Float32Array | null;
}

export interface ClassPrompt {
  name: string;
  /** Templates with `{class}`; the class embedding is the normalised mean over them (prompt ensembling). */
  templates: string[];
}

export interface Featurizer {
  readonly engine: ClassifierEngine;
  /** 'radiomics', or the installed CLIP model's id. */
  readonly modelId: string;
  /** Changes whenever the embeddings would: model weights' hash, or the radiomics feature version. */
  readonly fingerprint: string;
  readonly dims: number;
  /** CLIP: text embeddings exist (zero-shot, text anchors). Radiomics: false. */
  readonly hasText: boolean;
  /** Multiplies cosine similarities into logits (100 for OpenAI CLIP). */
  readonly logitScale: number;
  /** Feature names, one per dimension (radiomics); null for CLIP. */
  readonly featureNames: readonly string[] | null;
  embed(items: readonly MaskedImage[], focus: FocusMode): Promise<ImageEmbedding[]>;
  /** L2-normalised class embeddings, one per class; throws for engines without text. */
  embedClasses(classes: readonly ClassPrompt[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** The training input: embeddings and labels only (the head never sees pixels). */
export interface TrainingSet {
  engine: ClassifierEngine;
  classes: string[];
  samples: { id: string; label: number; focus: Float32Array; full: Float32Array | null }[];
  /** Text anchors per class (CLIP), L2-normalised; null for radiomics (prototypes take their place). */
  anchors: Float32Array[] | null;
  logitScale: number;
}

export interface TrainOptions {
  view: Exclude<ClassifierView, 'zero-shot'>;
  stage: 1 | 2;
  /** λ in λ·L_c + (1 − λ)·L_e. Default 0.5. */
  lambda?: number;
  /** TaskRes scale α. Default 0.5. */
  alpha?: number;
  lrResidual?: number;
  lrTheta?: number;
  /** L2 on the residual. */
  weightDecay?: number;
  maxSteps?: number;
  /** k for the cross-validation that picks the number of steps (and reports metrics). */
  folds?: number;
  seed?: number;
  /** Called now and then; return value ignored. */
  onProgress?: (p: { phase: 'cross-validation' | 'training'; done: number; total: number }) => void;
  /** Checked between steps: true stops training with a CANCELLED error. */
  isCancelled?: () => boolean;
}

/** A trained head: everything needed to score an embedding, as plain data (stored in the pack). */
export interface Head {
  engine: ClassifierEngine;
  view: Exclude<ClassifierView, 'zero-shot'> | 'zero-shot';
  stage: 1 | 2;
  classes: string[];
  dims: number;
  /** Class weight rows, C × D, row-normalised: logits = s · f · Wᵀ. */
  weights: Float32Array;
  /** Fusion weight a = sigmoid(theta) for the focus view; the full image gets 1 − a. */
  theta: number;
  logitScale: number;
  /** Radiomics: per-dimension mean and std of the training set, applied before normalising. */
  standardize: { mean: Float32Array; std: Float32Array } | null;
  steps: number;
  /** Zero-shot heads only: which image embedding they score ('focus' when absent). */
  zeroShotInput?: 'focus' | 'full';
}

export interface TrainOutcome {
  head: Head;
  /** k-fold cross-validated metrics of this recipe on the training set; null when a class has < 2 samples. */
  metrics: ClassMetrics | null;
  /** Threshold on the top probability below which a result is "uncertain". */
  uncertainBelow: number;
  trainMs: number;
}
