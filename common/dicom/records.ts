// Index records, named with DICOM keywords. Owned by the import feature (main/dicom/import).

export interface SeriesSummary {
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  Modality: string;
  SeriesNumber: number | null;
  SeriesDescription: string;
  BodyPartExamined: string;
  instanceCount: number;
  /** Sum of NumberOfFrames over the series' instances. */
  frameCount: number;
}

export interface InstanceSummary {
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  SOPClassUID: string;
  TransferSyntaxUID: string;
  InstanceNumber: number | null;
  NumberOfFrames: number;
  Rows: number;
  Columns: number;
  ImagePositionPatient: [number, number, number] | null;
  ImageOrientationPatient: [number, number, number, number, number, number] | null;
  PixelSpacing: [number, number] | null;
  SliceThickness: number | null;
}

export interface ImportFailure {
  path: string;
  reason: string;
}

/** The same object `maskcue import --json` prints. */
export interface ImportReport {
  imported: number;
  duplicates: number;
  studies: number;
  series: number;
  failed: ImportFailure[];
}

export interface ImportProgress {
  jobId: string;
  /** Files looked at so far. */
  scanned: number;
  /** Files found to look at (grows while folders are walked). */
  total: number;
  imported: number;
  duplicates: number;
  failed: number;
  currentPath: string | null;
}

export interface TagRow {
  /** "(0010,0010)" */
  tag: string;
  keyword: string;
  vr: string;
  /** Display text, truncated for long values; binary values summarised. */
  value: string;
  /** Nesting level inside sequences (0 = top level). */
  depth: number;
}
