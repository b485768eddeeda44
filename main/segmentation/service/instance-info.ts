// What the segment store needs from the DICOM index about one instance: where it belongs, its size,
// its pixel spacing (for areas in mm²), and a series' slice order (for listing segments).

import { MaskcueError } from '../../../common/api';
import { listInstances } from '../../dicom/import/index-reader';
import { getRow, type Database, type SQLiteValue } from '../../workspace/sqlite';

export interface IndexedInstance {
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  Rows: number;
  Columns: number;
  /** At least 1 for an image. */
  frames: number;
  /** [row spacing, column spacing] in mm (PixelSpacing, in the patient's plane), or null. */
  PixelSpacing: [number, number] | null;
}

const num = (v: SQLiteValue | undefined): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

function spacingOf(geometry: SQLiteValue | undefined): [number, number] | null {
  if (typeof geometry !== 'string') return null;
  try {
    const parsed = JSON.parse(geometry) as { PixelSpacing?: unknown };
    const s = parsed.PixelSpacing;
    if (Array.isArray(s) && s.length === 2 && s.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) return [s[0] as number, s[1] as number];
  } catch {
    // Written by the importer as JSON; a damaged value means "spacing unknown".
  }
  return null;
}

/** The indexed instance, or NOT_FOUND saying to import it. */
export function indexedInstance(db: Database, SOPInstanceUID: string): IndexedInstance {
  const row = getRow(
    db,
    'SELECT SOPInstanceUID, SeriesInstanceUID, StudyInstanceUID, Rows, Columns, NumberOfFrames, geometry FROM instances WHERE SOPInstanceUID = ?',
    SOPInstanceUID,
  );
  if (!row) throw new MaskcueError('NOT_FOUND', `No instance ${SOPInstanceUID} in this workspace. Import its study first.`);
  return {
    SOPInstanceUID,
    SeriesInstanceUID: String(row.SeriesInstanceUID),
    StudyInstanceUID: String(row.StudyInstanceUID),
    Rows: num(row.Rows),
    Columns: num(row.Columns),
    frames: Math.max(1, num(row.NumberOfFrames)),
    PixelSpacing: spacingOf(row.geometry),
  };
}

/** SOPInstanceUID → position in the series as the viewer shows it; null for an unknown series. */
export function sliceOrder(db: Database, SeriesInstanceUID: string): Map<string, number> | null {
  if (!getRow(db, 'SELECT 1 AS found FROM series WHERE SeriesInstanceUID = ?', SeriesInstanceUID)) return null;
  return new Map(listInstances(db, SeriesInstanceUID).map((instance, index) => [instance.SOPInstanceUID, index]));
}

/** The instances of a series in display order (for the neighbours of a slice). */
export function seriesOf(db: Database, SOPInstanceUID: string): { order: string[]; frames: number } | null {
  const row = getRow(db, 'SELECT SeriesInstanceUID, NumberOfFrames FROM instances WHERE SOPInstanceUID = ?', SOPInstanceUID);
  if (!row) return null;
  return { order: listInstances(db, String(row.SeriesInstanceUID)).map((i) => i.SOPInstanceUID), frames: Math.max(1, num(row.NumberOfFrames)) };
}
