// The workspace schema, as an ordered list of migrations. Append only: a released migration is never
// edited, because workspaces that already applied it will not run it again.
import type { Database } from './sqlite';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'studies and audit log',
    up: (db) =>
      db.exec(`
        CREATE TABLE studies (
          StudyInstanceUID TEXT PRIMARY KEY,
          PatientName TEXT,
          PatientID TEXT,
          StudyDate TEXT,
          StudyDescription TEXT,
          ModalitiesInStudy TEXT, -- backslash-joined, as DICOM stores multi-valued strings
          series_count INTEGER,
          instance_count INTEGER
        );
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL, -- ISO 8601, UTC
          action TEXT NOT NULL,
          study_instance_uid TEXT NULL,
          detail TEXT NOT NULL
        );
        CREATE INDEX audit_log_by_study ON audit_log (study_instance_uid);
      `),
  },
  {
    version: 2,
    name: 'DICOM index: patients, series, instances',
    // Written by main/dicom/import. Patients are keyed by what headers show (PatientID and name):
    // IDs are only unique per issuer, and many exports carry none. The studies table of migration 1
    // is left as it is (the worklist reads it) and kept current on import: its summary columns
    // (series_count, instance_count, ModalitiesInStudy) are refreshed with every batch. What else
    // a study has goes in study_details, one row per studies row.
    up: (db) =>
      db.exec(`
        CREATE TABLE patients (
          patient_key TEXT PRIMARY KEY, -- PatientID, a backslash, PatientName
          PatientID TEXT NOT NULL,
          PatientName TEXT NOT NULL,
          PatientBirthDate TEXT NOT NULL,
          PatientSex TEXT NOT NULL
        );
        CREATE TABLE study_details (
          StudyInstanceUID TEXT PRIMARY KEY,
          patient_key TEXT NOT NULL,
          StudyTime TEXT NOT NULL,
          AccessionNumber TEXT NOT NULL
        );
        CREATE INDEX study_details_by_patient ON study_details (patient_key);
        CREATE TABLE series (
          SeriesInstanceUID TEXT PRIMARY KEY,
          StudyInstanceUID TEXT NOT NULL,
          Modality TEXT NOT NULL,
          SeriesNumber INTEGER,
          SeriesDescription TEXT NOT NULL,
          BodyPartExamined TEXT NOT NULL,
          instance_count INTEGER NOT NULL DEFAULT 0,
          frame_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX series_by_study ON series (StudyInstanceUID);
        CREATE TABLE instances (
          SOPInstanceUID TEXT PRIMARY KEY,
          SeriesInstanceUID TEXT NOT NULL,
          StudyInstanceUID TEXT NOT NULL,
          SOPClassUID TEXT NOT NULL,
          TransferSyntaxUID TEXT NOT NULL,
          InstanceNumber INTEGER,
          NumberOfFrames INTEGER NOT NULL, -- 0 for objects without pixel data (SR, RT plans)
          Rows INTEGER NOT NULL,
          Columns INTEGER NOT NULL,
          geometry TEXT, -- JSON: ImagePositionPatient, ImageOrientationPatient, PixelSpacing, SliceThickness, framePositions
          file_path TEXT NOT NULL, -- absolute when referenced in place; relative to blobs/ when copied
          file_size INTEGER NOT NULL,
          file_mtime_ms REAL, -- null for files dropped in browser mode
          copied INTEGER NOT NULL, -- 1: MaskCue holds the copy under blobs/dicom/
          imported_at TEXT NOT NULL -- ISO 8601, UTC
        );
        CREATE INDEX instances_by_series ON instances (SeriesInstanceUID);
        CREATE INDEX instances_by_study ON instances (StudyInstanceUID);
      `),
  },
  {
    version: 3,
    name: 'accepted segments',
    // Written by main/segmentation/service. The mask itself is a file, blobs/<blob_path>
    // (zlib-deflated width × height bytes of 0/1), written before its row, so a row always has
    // its mask. Series and study are copied from the instance so listing and auditing need no join.
    up: (db) =>
      db.exec(`
        CREATE TABLE segments (
          id TEXT PRIMARY KEY, -- UUID
          SOPInstanceUID TEXT NOT NULL,
          frame INTEGER NOT NULL, -- 0-based
          SeriesInstanceUID TEXT NOT NULL,
          StudyInstanceUID TEXT NOT NULL,
          label TEXT NOT NULL,
          engine TEXT NOT NULL, -- 'sam2', 'growcut', or what the renderer made it with (brush)
          model_id TEXT,
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          area_px INTEGER NOT NULL,
          area_mm2 REAL, -- null when the instance has no PixelSpacing
          prompts_json TEXT NOT NULL,
          blob_path TEXT NOT NULL, -- relative to blobs/
          created_at TEXT NOT NULL -- ISO 8601, UTC
        );
        CREATE INDEX segments_by_series ON segments (SeriesInstanceUID);
        CREATE INDEX segments_by_instance ON segments (SOPInstanceUID, frame);
      `),
  },
  {
    version: 4,
    name: 'few-shot library, embeddings and prompt packs',
    // Written by main/fewshot. Small binary values (deflated masks, Float32 embeddings, pack weights:
    // kilobytes each) live in BLOB columns, so a row and its data are written in one transaction.
    // Embeddings are a cache keyed by (exemplar, featurizer fingerprint, focus mode): dropping them
    // loses nothing. A pack's exemplar ids are kept in its JSON, not as foreign keys: removing an
    // exemplar later must not rewrite history.
    up: (db) =>
      db.exec(`
        CREATE TABLE fewshot_classes (
          id TEXT PRIMARY KEY, -- UUID
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          templates_json TEXT NOT NULL, -- JSON array of prompt templates with {class}
          created_at TEXT NOT NULL
        );
        CREATE TABLE exemplars (
          id TEXT PRIMARY KEY, -- UUID
          class_id TEXT NOT NULL REFERENCES fewshot_classes (id),
          source_kind TEXT NOT NULL, -- 'dicom' | 'file'
          SOPInstanceUID TEXT,
          frame INTEGER,
          SeriesInstanceUID TEXT,
          StudyInstanceUID TEXT,
          file_path TEXT, -- source_kind 'file': the image's absolute path
          voi_json TEXT, -- the window it was seen through; null = the file's own grey levels
          segment_id TEXT, -- the accepted segment it came from, when it did
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          mask_area_px INTEGER NOT NULL,
          mask BLOB NOT NULL, -- zlib-deflated width × height bytes of 0/1
          created_at TEXT NOT NULL
        );
        CREATE INDEX exemplars_by_class ON exemplars (class_id);
        CREATE TABLE exemplar_embeddings (
          exemplar_id TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          focus TEXT NOT NULL,
          dims INTEGER NOT NULL,
          focus_vector BLOB NOT NULL, -- Float32, little-endian
          full_vector BLOB, -- Float32; null for radiomics
          created_at TEXT NOT NULL,
          PRIMARY KEY (exemplar_id, fingerprint, focus)
        );
        CREATE TABLE prompt_packs (
          id TEXT PRIMARY KEY, -- UUID
          engine TEXT NOT NULL,
          model_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          summary_json TEXT NOT NULL, -- PromptPackSummary less 'active', plus templates and exemplar ids
          head_json TEXT NOT NULL, -- the Head with its typed arrays as number lists
          active INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          UNIQUE (engine, model_id, version)
        );
        CREATE TABLE classifications (
          id TEXT PRIMARY KEY, -- UUID
          SOPInstanceUID TEXT NOT NULL,
          frame INTEGER NOT NULL,
          StudyInstanceUID TEXT NOT NULL,
          segment_id TEXT, -- the accepted segment classified, when it was one
          pack_id TEXT NOT NULL,
          result_json TEXT NOT NULL, -- ClassificationResult (heat map as number list)
          created_at TEXT NOT NULL
        );
        CREATE INDEX classifications_by_study ON classifications (StudyInstanceUID, created_at);
      `),
  },
  {
    version: 5,
    name: 'report history',
    // Written by main/reports: one row per export, with the files it wrote; and which imported DICOM
    // SEGs have been turned into accepted segments (once each).
    up: (db) =>
      db.exec(`
        CREATE TABLE reports (
          id TEXT PRIMARY KEY, -- UUID
          StudyInstanceUID TEXT NOT NULL,
          out_dir TEXT NOT NULL,
          deidentified INTEGER NOT NULL,
          files_json TEXT NOT NULL, -- WrittenFile[]
          findings_text TEXT NOT NULL,
          signed_by TEXT,
          created_at TEXT NOT NULL
        );
        CREATE INDEX reports_by_study ON reports (StudyInstanceUID, created_at);
        CREATE TABLE imported_segmentations (
          SOPInstanceUID TEXT PRIMARY KEY, -- a DICOM SEG whose segments became accepted segments
          segments INTEGER NOT NULL,
          imported_at TEXT NOT NULL
        );
      `),
  },
];

export const LATEST_SCHEMA_VERSION: number = migrations.at(-1)?.version ?? 0;
