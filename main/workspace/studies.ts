// Reading the study index. Import (main/dicom) writes these rows; this is the worklist's view.
import type { StudySummary } from '../../common/api';
import { allRows, type Database, type SQLiteValue } from './sqlite';

/**
 * SQLite's LIKE folds case for ASCII only, so "müller" would miss "MÜLLER". Registered on each
 * connection; JavaScript's toLowerCase folds the whole of Unicode.
 */
export const FOLD_FUNCTION = 'maskcue_fold';

export function registerStudyFunctions(db: Database): void {
  db.function(FOLD_FUNCTION, (value: SQLiteValue) => (typeof value === 'string' ? value.toLowerCase() : value), {
    deterministic: true,
  });
}

const COLUMNS =
  'StudyInstanceUID, PatientName, PatientID, StudyDate, StudyDescription, ModalitiesInStudy, series_count, instance_count';

/** Case-insensitive substring search over PatientName, PatientID and StudyDescription; newest first. */
export function listStudies(db: Database, search?: string): StudySummary[] {
  const needle = search?.trim().toLowerCase() ?? '';
  const where = needle
    ? `WHERE instr(${FOLD_FUNCTION}(PatientName), :q) > 0 OR instr(${FOLD_FUNCTION}(PatientID), :q) > 0 OR instr(${FOLD_FUNCTION}(StudyDescription), :q) > 0`
    : '';
  const rows = allRows(
    db,
    `SELECT ${COLUMNS} FROM studies ${where} ORDER BY StudyDate DESC, PatientName, StudyInstanceUID`,
    needle ? { ':q': needle } : undefined,
  );
  return rows.map((row) => ({
    StudyInstanceUID: text(row.StudyInstanceUID),
    PatientName: text(row.PatientName),
    PatientID: text(row.PatientID),
    StudyDate: text(row.StudyDate),
    StudyDescription: text(row.StudyDescription),
    ModalitiesInStudy: text(row.ModalitiesInStudy)
      .split('\\')
      .map((modality) => modality.trim())
      .filter((modality) => modality.length > 0),
    seriesCount: count(row.series_count),
    instanceCount: count(row.instance_count),
  }));
}

function text(value: SQLiteValue | undefined): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function count(value: SQLiteValue | undefined): number {
  return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : 0;
}
