// Classification as the renderer sees it (method: shared notes/method.md). The accepted mask becomes a
// visual prompt ("focus view"); a small head trained on the radiologist's exemplars scores it. Engines:
// 'clip' (an installed CLIP model) or 'radiomics' (features inside the mask; the embedded default).

export type FocusMode = 'overlay' | 'blur-outside' | 'dim-outside' | 'crop';
export const FOCUS_MODES: readonly FocusMode[] = ['overlay', 'blur-outside', 'dim-outside', 'crop'];

export type ClassifierEngine = 'clip' | 'radiomics';

/**
 * What the head looks at: CLIP's focus view, the full image, both fused (the default), or no training
 * at all ('zero-shot': text prompts only). Radiomics has one view, the features inside the mask.
 */
export type ClassifierView = 'zero-shot' | 'full' | 'focus' | 'fused' | 'mask';

export interface ClassDef {
  id: string;
  name: string;
  /** Prompt templates with `{class}` in them, e.g. "an ultrasound image of a {class} breast lesion". */
  templates: string[];
  exemplarCount: number;
}

/** Where an exemplar's pixels come from: a frame in the workspace, or an image file (bulk import). */
export type ExemplarSource =
  | { kind: 'dicom'; SOPInstanceUID: string; frame: number; SeriesInstanceUID: string; StudyInstanceUID: string }
  | { kind: 'file'; path: string };

export interface ExemplarRecord {
  id: string;
  classId: string;
  className: string;
  source: ExemplarSource;
  /** The window the image was seen through when added (DICOM); null = the file's own grey levels. */
  voi: { center: number; width: number } | null;
  width: number;
  height: number;
  maskAreaPx: number;
  createdAt: string;
}

/** Classification quality, from k-fold cross-validation on the exemplars or from a held-out test. */
export interface ClassMetrics {
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  /** confusion[true][predicted], counts, in the pack's class order. */
  confusion: number[][];
  /** Recall per class, in class order. */
  perClassRecall: number[];
  /** How many samples the figures are over. */
  samples: number;
}

export interface PromptPackSummary {
  id: string;
  /** 1, 2, 3... per (engine, model); what the reader calls "pack v3". */
  version: number;
  engine: ClassifierEngine;
  modelId: string;
  focus: FocusMode;
  view: ClassifierView;
  stage: 1 | 2;
  classes: string[];
  exemplarsPerClass: number[];
  /** Cross-validated on the exemplars (null when some class has too few to fold). */
  metrics: ClassMetrics | null;
  /** The same folds with the full image only (CLIP), to show what the mask adds. */
  baseline: { view: ClassifierView; metrics: ClassMetrics } | null;
  /** Below this top probability the result says "uncertain" instead of a class. */
  uncertainBelow: number;
  trainMs: number;
  steps: number;
  createdAt: string;
  active: boolean;
}

export interface HeatMap {
  /** On the image's pixel grid, downsampled: cell (i, j) covers a cellSize × cellSize block. */
  width: number;
  height: number;
  cellSize: number;
  /**
   * Drop in the top class's log-odds when that cell is occluded (greyed out), clamped at 0,
   * max-normalised to 1; all 0 when no cell lowers it.
   */
  data: Float32Array;
}

export interface ClassificationResult {
  classes: string[];
  probabilities: number[];
  /** Index of the most probable class. */
  top: number;
  /** Top probability below the pack's threshold: show "uncertain", not a class. */
  uncertain: boolean;
  packId: string;
  packVersion: number;
  engine: ClassifierEngine;
  modelId: string;
  focus: FocusMode;
  exemplarsPerClass: number[];
  heatmap: HeatMap | null;
  times: { embedMs: number; explainMs: number; totalMs: number };
}

/**
 * The paper's table on the exemplar library (`fewshot.evaluate`; `maskcue eval` prints the same on a
 * folder): per view and K, means and standard deviations over seeds, confusion summed over seeds.
 */
export interface EvaluationTable {
  classes: string[];
  rows: {
    view: ClassifierView;
    shots: number;
    seeds: number;
    accuracy: { mean: number; std: number };
    balancedAccuracy: { mean: number; std: number };
    macroF1: { mean: number; std: number };
    confusion: number[][];
  }[];
  /** K values no class could afford (a class with ≤ K exemplars has nothing left to test). */
  skippedShots: { shots: number; reason: string }[];
  trainings: number;
  totalMs: number;
}

export interface TrainingProgress {
  jobId: string;
  phase: 'embedding' | 'cross-validation' | 'training' | 'evaluation' | 'done';
  done: number;
  total: number;
}

/** Which classifier answers now, and with which pack. */
export interface FewshotStatus {
  engine: ClassifierEngine;
  modelId: string;
  /** Human name: "CLIP ViT-B/16 (clip-vit-b16)" or "Radiomics inside the mask (embedded)". */
  title: string;
  /** Why an installed CLIP model is not in use, when radiomics answers instead. */
  fallbackReason: string | null;
  focus: FocusMode;
  activePack: PromptPackSummary | null;
  classCount: number;
  exemplarCount: number;
}

/** A small RGBA preview (an exemplar: its image around the mask, with the outline). */
export interface Thumbnail {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export interface FolderImportReport {
  added: number;
  classes: string[];
  skipped: { path: string; reason: string }[];
}
