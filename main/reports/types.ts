// What an export is made from (issue: reports). Built by the report service from the workspace (or by
// the CLI from one image and mask) and handed to the writers: pdf/, dicom/ (SEG, SR), png/. Plain data.

import type { ClassificationResult, HeatMap } from '../../common/domain';

/** A source instance as the writers need it: its parsed dataset (dcmjs naturalized) and where it is. */
export interface SourceInstance {
  path: string;
  SOPInstanceUID: string;
  SOPClassUID: string;
  /** dcmjs `DicomMetaDictionary.naturalizeDataset` of the file (pixel data left out). */
  dataset: Record<string, unknown>;
}

/** One finding: a mask on one frame, optionally classified. */
export interface ReportFinding {
  label: string;
  /** Segment number in the SEG (1-based), also what the SR references. */
  segmentNumber: number;
  source: SourceInstance;
  /** 0-based, as everywhere in MaskCue; DICOM's ReferencedFrameNumber is this + 1. */
  frame: number;
  width: number;
  height: number;
  /** 0/1 per pixel. */
  mask: Uint8Array;
  areaPx: number;
  /** mm² when PixelSpacing is known. */
  areaMm2: number | null;
  /** Pixel spacing [row, column] in mm, when known. */
  pixelSpacing: [number, number] | null;
  classification: ClassificationResult | null;
  /** Pack provenance for the table: version, exemplars per class, CV metrics. */
  pack: {
    version: number;
    engine: string;
    modelId: string;
    focus: string;
    exemplarsPerClass: number[];
    metrics: { accuracy: number; balancedAccuracy: number; macroF1: number } | null;
  } | null;
  heatmap: HeatMap | null;
  /** 8-bit display image (windowed) for key images and PNG snapshots. */
  display: { width: number; height: number; grey?: Uint8Array; rgb?: Uint8Array };
  /**
   * Why the key images are left out (a de-identified export of a source with burned-in annotation: its
   * pixels may show the patient's name); null or absent = drawn.
   */
  keyImageWithheld?: string | null;
  /** Orientation letters at the image's left, right, top and bottom edges, when known. */
  orientation: { left: string; right: string; top: string; bottom: string } | null;
}

export interface ReportHeader {
  patientName: string;
  patientId: string;
  studyDate: string;
  accessionNumber: string;
  modality: string;
  studyDescription: string;
  StudyInstanceUID: string;
}

export interface ReportInput {
  header: ReportHeader;
  findings: ReportFinding[];
  /** The radiologist's findings text and sign-off. */
  findingsText: string;
  signedBy: string | null;
  signedAt: string | null;
  deidentified: boolean;
  createdAt: string;
  software: { name: string; version: string };
}

export type { ReportFile as WrittenFile } from '../../common/domain';
