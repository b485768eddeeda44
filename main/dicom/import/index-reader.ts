// Reading the DICOM index: a study's series, a series' instances in display order, and where an
// instance's file is for the decoder.
import type { InstanceSummary, SeriesSummary } from '../../../common/dicom/records';
import type { BlobStore } from '../../workspace/blob-store';
import { allRows, getRow, type Database, type Row, type SQLiteValue } from '../../workspace/sqlite';
import { duplicatePositionCount, sortInstances, type Orientation, type Vec3 } from '../geometry';
import type { InstanceLocation } from '../instance-location';

const text = (value: SQLiteValue | undefined): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
const count = (value: SQLiteValue | undefined): number => (typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : 0);
const maybeNumber = (value: SQLiteValue | undefined): number | null =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;

interface Geometry {
  ImagePositionPatient?: Vec3;
  ImageOrientationPatient?: Orientation;
  PixelSpacing?: [number, number];
  SliceThickness?: number;
  framePositions?: Vec3[];
}

function parseGeometry(value: SQLiteValue | undefined): Geometry {
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Geometry) : {};
  } catch {
    return {}; // Written by us as JSON; a damaged value means "no geometry", not a failed listing.
  }
}

export function studyExists(db: Database, StudyInstanceUID: string): boolean {
  return getRow(db, 'SELECT 1 AS found FROM studies WHERE StudyInstanceUID = ?', StudyInstanceUID) !== null;
}

export function seriesExists(db: Database, SeriesInstanceUID: string): boolean {
  return getRow(db, 'SELECT 1 AS found FROM series WHERE SeriesInstanceUID = ?', SeriesInstanceUID) !== null;
}

function toInstance(row: Row): InstanceSummary {
  const geometry = parseGeometry(row.geometry);
  return {
    SOPInstanceUID: text(row.SOPInstanceUID),
    SeriesInstanceUID: text(row.SeriesInstanceUID),
    SOPClassUID: text(row.SOPClassUID),
    TransferSyntaxUID: text(row.TransferSyntaxUID),
    InstanceNumber: maybeNumber(row.InstanceNumber),
    NumberOfFrames: count(row.NumberOfFrames),
    Rows: count(row.Rows),
    Columns: count(row.Columns),
    ImagePositionPatient: geometry.ImagePositionPatient ?? null,
    ImageOrientationPatient: geometry.ImageOrientationPatient ?? null,
    PixelSpacing: geometry.PixelSpacing ?? null,
    SliceThickness: geometry.SliceThickness ?? null,
    framePositions: geometry.framePositions ?? null,
  };
}

const INSTANCE_COLUMNS =
  'SOPInstanceUID, SeriesInstanceUID, SOPClassUID, TransferSyntaxUID, InstanceNumber, NumberOfFrames, Rows, Columns, geometry';

/** In display order: along the slice normal when every instance has geometry, else InstanceNumber. */
export function listInstances(db: Database, SeriesInstanceUID: string): InstanceSummary[] {
  const rows = allRows(db, `SELECT ${INSTANCE_COLUMNS} FROM instances WHERE SeriesInstanceUID = ?`, SeriesInstanceUID);
  return sortInstances(rows.map(toInstance));
}

/** By SeriesNumber (unnumbered last), then description, then UID. */
export function listSeries(db: Database, StudyInstanceUID: string): SeriesSummary[] {
  const rows = allRows(
    db,
    `SELECT SeriesInstanceUID, StudyInstanceUID, Modality, SeriesNumber, SeriesDescription, BodyPartExamined, instance_count, frame_count
     FROM series WHERE StudyInstanceUID = ?
     ORDER BY SeriesNumber IS NULL, SeriesNumber, SeriesDescription, SeriesInstanceUID`,
    StudyInstanceUID,
  );
  const geometry = allRows(db, `SELECT SeriesInstanceUID, ${INSTANCE_COLUMNS} FROM instances WHERE StudyInstanceUID = ?`, StudyInstanceUID);
  const bySeries = new Map<string, InstanceSummary[]>();
  for (const row of geometry) {
    const list = bySeries.get(text(row.SeriesInstanceUID)) ?? [];
    list.push(toInstance(row));
    bySeries.set(text(row.SeriesInstanceUID), list);
  }
  return rows.map((row) => ({
    SeriesInstanceUID: text(row.SeriesInstanceUID),
    StudyInstanceUID: text(row.StudyInstanceUID),
    Modality: text(row.Modality),
    SeriesNumber: maybeNumber(row.SeriesNumber),
    SeriesDescription: text(row.SeriesDescription),
    BodyPartExamined: text(row.BodyPartExamined),
    instanceCount: count(row.instance_count),
    frameCount: count(row.frame_count),
    duplicatePositionCount: duplicatePositionCount(bySeries.get(text(row.SeriesInstanceUID)) ?? []),
  }));
}

export function locateInstance(db: Database, blobs: BlobStore, SOPInstanceUID: string): InstanceLocation | null {
  const row = getRow(
    db,
    'SELECT SOPInstanceUID, TransferSyntaxUID, NumberOfFrames, file_path, copied FROM instances WHERE SOPInstanceUID = ?',
    SOPInstanceUID,
  );
  if (!row) return null;
  const stored = text(row.file_path);
  return {
    SOPInstanceUID: text(row.SOPInstanceUID),
    path: count(row.copied) === 1 ? blobs.resolve(stored) : stored,
    TransferSyntaxUID: text(row.TransferSyntaxUID),
    NumberOfFrames: count(row.NumberOfFrames),
  };
}
