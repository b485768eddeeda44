// Reports as the renderer sees them: one export writes the PDF, DICOM SEG, DICOM SR and PNG snapshots
// of a study's accepted masks and their latest classifications, optionally de-identified.

export type ReportFileKind = 'pdf' | 'seg' | 'sr' | 'png';

export interface ReportFile {
  kind: ReportFileKind;
  path: string;
  bytes: number;
}

export interface ReportRequest {
  StudyInstanceUID: string;
  /** Folder to write into; default a new folder under the workspace's exports/. */
  outDir?: string;
  deidentify: boolean;
  findingsText: string;
  /** The radiologist's name when signing; null = not signed. */
  signedBy: string | null;
  /** Accepted segments to leave out; all others of the study are reported. */
  exclude?: string[];
}

export interface ReportRecord {
  id: string;
  StudyInstanceUID: string;
  outDir: string;
  deidentified: boolean;
  files: ReportFile[];
  findingsText: string;
  signedBy: string | null;
  createdAt: string;
}
