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
  /**
   * Instances that share their slice position with another instance of the series (the same slice
   * stored twice under two SOP Instance UIDs, or a re-send). 0 when positions are unknown.
   */
  duplicatePositionCount?: number;
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
  /** Enhanced multi-frame: ImagePositionPatient of each frame, from the per-frame functional groups. */
  framePositions?: [number, number, number][] | null;
}

export interface ImportFailure {
  path: string;
  reason: string;
}

/** The same object `maskcue import --json` prints. */
export interface ImportReport {
  /** Instances newly added to the workspace. */
  imported: number;
  /** Files whose SOP Instance UID the workspace already held (or that came twice in this import). */
  duplicates: number;
  /** Studies and series that received at least one newly imported instance. */
  studies: number;
  series: number;
  /** Every file that was not imported, with the reason, in the order met. */
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
