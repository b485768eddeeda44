// Writes imported instances into the workspace index, one transaction per batch: a crash (or a
// cancel) mid-import keeps every batch already committed and nothing half-written. The studies
// table of migration 1 serves the worklist, so its summary columns are refreshed in the same
// transaction as the rows they summarise.
import type { InstanceAttributes } from '../attributes';
import type { Database, SQLiteValue } from '../../workspace/sqlite';
import type { Workspace } from '../../workspace/workspace';

type Statement = ReturnType<Database['prepare']>;

export interface IndexedFile {
  attributes: InstanceAttributes;
  /** Absolute path (referenced in place) or the path relative to blobs/ (copied). */
  filePath: string;
  fileSize: number;
  mtimeMs: number | null;
  copied: boolean;
  /** Shown in failures: where the user's file is. */
  sourceName: string;
}

export interface WriteResult {
  inserted: IndexedFile[];
  duplicates: IndexedFile[];
}

const SQL = {
  exists: 'SELECT 1 AS found FROM instances WHERE SOPInstanceUID = ?',
  instance: `INSERT OR IGNORE INTO instances (SOPInstanceUID, SeriesInstanceUID, StudyInstanceUID, SOPClassUID, TransferSyntaxUID,
      InstanceNumber, NumberOfFrames, Rows, Columns, geometry, file_path, file_size, file_mtime_ms, copied, imported_at)
    VALUES (:sop, :series, :study, :sopClass, :ts, :number, :frames, :rows, :columns, :geometry, :path, :size, :mtime, :copied, :at)`,
  patient: `INSERT INTO patients (patient_key, PatientID, PatientName, PatientBirthDate, PatientSex) VALUES (:key, :id, :name, :birth, :sex)
    ON CONFLICT (patient_key) DO UPDATE SET
      PatientBirthDate = COALESCE(NULLIF(PatientBirthDate, ''), excluded.PatientBirthDate),
      PatientSex = COALESCE(NULLIF(PatientSex, ''), excluded.PatientSex)`,
  // The first file of a study names it; later files only fill in what the first one left empty.
  study: `INSERT INTO studies (StudyInstanceUID, PatientName, PatientID, StudyDate, StudyDescription, ModalitiesInStudy,
      series_count, instance_count)
    VALUES (:study, :name, :id, :date, :description, '', 0, 0)
    ON CONFLICT (StudyInstanceUID) DO UPDATE SET
      PatientName = COALESCE(NULLIF(PatientName, ''), excluded.PatientName),
      PatientID = COALESCE(NULLIF(PatientID, ''), excluded.PatientID),
      StudyDate = COALESCE(NULLIF(StudyDate, ''), excluded.StudyDate),
      StudyDescription = COALESCE(NULLIF(StudyDescription, ''), excluded.StudyDescription)`,
  studyDetails: `INSERT INTO study_details (StudyInstanceUID, patient_key, StudyTime, AccessionNumber)
    VALUES (:study, :key, :time, :accession)
    ON CONFLICT (StudyInstanceUID) DO UPDATE SET
      StudyTime = COALESCE(NULLIF(StudyTime, ''), excluded.StudyTime),
      AccessionNumber = COALESCE(NULLIF(AccessionNumber, ''), excluded.AccessionNumber)`,
  series: `INSERT INTO series (SeriesInstanceUID, StudyInstanceUID, Modality, SeriesNumber, SeriesDescription, BodyPartExamined)
    VALUES (:series, :study, :modality, :number, :description, :bodyPart)
    ON CONFLICT (SeriesInstanceUID) DO UPDATE SET
      Modality = COALESCE(NULLIF(Modality, ''), excluded.Modality),
      SeriesNumber = COALESCE(SeriesNumber, excluded.SeriesNumber),
      SeriesDescription = COALESCE(NULLIF(SeriesDescription, ''), excluded.SeriesDescription),
      BodyPartExamined = COALESCE(NULLIF(BodyPartExamined, ''), excluded.BodyPartExamined)`,
  seriesCounts: `UPDATE series SET
      instance_count = (SELECT COUNT(*) FROM instances WHERE SeriesInstanceUID = :series),
      frame_count = (SELECT COALESCE(SUM(NumberOfFrames), 0) FROM instances WHERE SeriesInstanceUID = :series)
    WHERE SeriesInstanceUID = :series`,
  studyCounts: `UPDATE studies SET
      series_count = (SELECT COUNT(*) FROM series WHERE StudyInstanceUID = :study),
      instance_count = (SELECT COUNT(*) FROM instances WHERE StudyInstanceUID = :study),
      ModalitiesInStudy = (SELECT COALESCE(group_concat(Modality, '\\'), '') FROM
        (SELECT DISTINCT Modality FROM series WHERE StudyInstanceUID = :study AND Modality <> '' ORDER BY Modality))
    WHERE StudyInstanceUID = :study`,
} as const;

export function patientKey(attributes: Pick<InstanceAttributes, 'PatientID' | 'PatientName'>): string {
  return `${attributes.PatientID}\\${attributes.PatientName}`;
}

/** The geometry column: only what is known, so a missing value reads back as null. */
export function geometryJson(attributes: InstanceAttributes): string | null {
  const geometry: Record<string, unknown> = {};
  if (attributes.ImagePositionPatient) geometry.ImagePositionPatient = attributes.ImagePositionPatient;
  if (attributes.ImageOrientationPatient) geometry.ImageOrientationPatient = attributes.ImageOrientationPatient;
  if (attributes.PixelSpacing) geometry.PixelSpacing = attributes.PixelSpacing;
  if (attributes.SliceThickness !== null) geometry.SliceThickness = attributes.SliceThickness;
  if (attributes.framePositions) geometry.framePositions = attributes.framePositions;
  return Object.keys(geometry).length > 0 ? JSON.stringify(geometry) : null;
}

export class IndexWriter {
  private readonly statements: Record<keyof typeof SQL, Statement>;

  constructor(private readonly workspace: Workspace) {
    const db = workspace.db;
    const prepared: Partial<Record<keyof typeof SQL, Statement>> = {};
    try {
      for (const name of Object.keys(SQL) as (keyof typeof SQL)[]) prepared[name] = db.prepare(SQL[name]);
    } catch (error) {
      for (const statement of Object.values(prepared)) statement.finalize();
      throw error;
    }
    this.statements = prepared as Record<keyof typeof SQL, Statement>;
  }

  has(SOPInstanceUID: string): boolean {
    return this.statements.exists.get([SOPInstanceUID]) !== null;
  }

  /** One transaction. Throws (and commits nothing of this batch) when the database refuses. */
  write(batch: readonly IndexedFile[]): WriteResult {
    const at = new Date().toISOString();
    return this.workspace.transaction(() => {
      const result: WriteResult = { inserted: [], duplicates: [] };
      const touchedSeries = new Set<string>();
      const touchedStudies = new Set<string>();
      for (const file of batch) {
        const a = file.attributes;
        const added = this.statements.instance.run(instanceValues(file, at)).changes > 0;
        if (!added) {
          result.duplicates.push(file);
          continue;
        }
        result.inserted.push(file);
        const key = patientKey(a);
        this.statements.patient.run({ ':key': key, ':id': a.PatientID, ':name': a.PatientName, ':birth': a.PatientBirthDate, ':sex': a.PatientSex });
        this.statements.study.run({
          ':study': a.StudyInstanceUID,
          ':name': a.PatientName,
          ':id': a.PatientID,
          ':date': a.StudyDate,
          ':description': a.StudyDescription,
        });
        this.statements.studyDetails.run({ ':study': a.StudyInstanceUID, ':key': key, ':time': a.StudyTime, ':accession': a.AccessionNumber });
        this.statements.series.run({
          ':series': a.SeriesInstanceUID,
          ':study': a.StudyInstanceUID,
          ':modality': a.Modality,
          ':number': a.SeriesNumber,
          ':description': a.SeriesDescription,
          ':bodyPart': a.BodyPartExamined,
        });
        touchedSeries.add(a.SeriesInstanceUID);
        touchedStudies.add(a.StudyInstanceUID);
      }
      for (const series of touchedSeries) this.statements.seriesCounts.run({ ':series': series });
      for (const study of touchedStudies) this.statements.studyCounts.run({ ':study': study });
      return result;
    });
  }

  close(): void {
    for (const statement of Object.values(this.statements)) {
      if (!statement.isFinalized) statement.finalize();
    }
  }
}

function instanceValues(file: IndexedFile, at: string): Record<string, SQLiteValue> {
  const a = file.attributes;
  return {
    ':sop': a.SOPInstanceUID,
    ':series': a.SeriesInstanceUID,
    ':study': a.StudyInstanceUID,
    ':sopClass': a.SOPClassUID,
    ':ts': a.TransferSyntaxUID,
    ':number': a.InstanceNumber,
    ':frames': a.NumberOfFrames,
    ':rows': a.Rows,
    ':columns': a.Columns,
    ':geometry': geometryJson(a),
    ':path': file.filePath,
    ':size': file.fileSize,
    ':mtime': file.mtimeMs,
    ':copied': file.copied ? 1 : 0,
    ':at': at,
  };
}
