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
];

export const LATEST_SCHEMA_VERSION: number = migrations.at(-1)?.version ?? 0;
