// Accepted segments: a row in `segments` (migration 3) and the mask in blobs/masks/<id>.mask.
// Order of writes, so a crash never leaves a row without its mask: the blob first (atomically), then
// the row and its audit line in one transaction; if that fails the blob is removed. Removing goes the
// other way: row (and audit) first, then the blob. Either crash leaves at most a blob with no row,
// which the next start sweeps away before the first accept.

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { MaskcueError } from '../../../common/api';
import type { AcceptRequest, BinaryMask, FrameRef, SegmentRecord } from '../../../common/domain';
import { allRows, getRow, type Row, type SQLiteValue } from '../../workspace/sqlite';
import type { Workspace } from '../../workspace/workspace';
import { indexedInstance, sliceOrder } from './instance-info';
import { checkBinary, decodeMask, encodeMask, maskBlobPath } from './mask-blob';

const MASK_SUFFIX = '.mask';

const COLUMNS =
  'id, SOPInstanceUID, frame, SeriesInstanceUID, StudyInstanceUID, label, engine, model_id, width, height, area_px, area_mm2, blob_path, created_at';

const num = (v: SQLiteValue | undefined): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

function toRecord(row: Row): SegmentRecord {
  return {
    id: String(row.id),
    SOPInstanceUID: String(row.SOPInstanceUID),
    frame: num(row.frame),
    SeriesInstanceUID: String(row.SeriesInstanceUID),
    StudyInstanceUID: String(row.StudyInstanceUID),
    label: String(row.label),
    engine: String(row.engine),
    modelId: typeof row.model_id === 'string' ? row.model_id : null,
    width: num(row.width),
    height: num(row.height),
    areaPx: num(row.area_px),
    areaMm2: typeof row.area_mm2 === 'number' ? row.area_mm2 : null,
    createdAt: String(row.created_at),
  };
}

export class SegmentStore {
  private swept: Promise<void> | null = null;

  constructor(
    private readonly workspace: Workspace,
    private readonly log: (message: string) => void,
  ) {}

  async accept(request: AcceptRequest): Promise<SegmentRecord> {
    const { target, mask } = request;
    const instance = indexedInstance(this.workspace.db, target.SOPInstanceUID);
    if (target.frame >= instance.frames) {
      throw new MaskcueError('NOT_FOUND', `Instance ${target.SOPInstanceUID} has ${instance.frames} frame(s), numbered from 0; there is no frame ${target.frame}.`);
    }
    if (mask.width !== instance.Columns || mask.height !== instance.Rows) {
      throw new MaskcueError(
        'INVALID_ARGUMENT',
        `The mask is ${mask.width} × ${mask.height} but the image is ${instance.Columns} × ${instance.Rows} (columns × rows); accept a mask at the image's size.`,
      );
    }
    const label = request.label.trim();
    if (!label) throw new MaskcueError('INVALID_ARGUMENT', 'Give the segment a label.');
    const areaPx = checkBinary(mask);
    if (areaPx === 0) throw new MaskcueError('INVALID_ARGUMENT', 'The mask is empty: outline the finding before accepting it.');
    const spacing = instance.PixelSpacing;
    const record: SegmentRecord = {
      id: randomUUID(),
      SOPInstanceUID: target.SOPInstanceUID,
      frame: target.frame,
      SeriesInstanceUID: instance.SeriesInstanceUID,
      StudyInstanceUID: instance.StudyInstanceUID,
      label,
      engine: request.engine,
      modelId: request.modelId,
      width: mask.width,
      height: mask.height,
      areaPx,
      areaMm2: spacing ? areaPx * spacing[0] * spacing[1] : null,
      createdAt: new Date().toISOString(),
    };
    const blobPath = maskBlobPath(record.id);

    await this.sweepOnce();
    await this.workspace.blobs.write(blobPath, await encodeMask(mask));
    try {
      this.workspace.transaction(() => {
        this.workspace.db.run(
          `INSERT INTO segments (${COLUMNS}, prompts_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            record.id,
            record.SOPInstanceUID,
            record.frame,
            record.SeriesInstanceUID,
            record.StudyInstanceUID,
            record.label,
            record.engine,
            record.modelId,
            record.width,
            record.height,
            record.areaPx,
            record.areaMm2,
            blobPath,
            record.createdAt,
            JSON.stringify(request.prompts),
          ],
        );
        this.workspace.audit('segment.accept', describe(record), record.StudyInstanceUID);
      });
    } catch (error) {
      await this.workspace.blobs.remove(blobPath).catch(() => undefined);
      throw error;
    }
    return record;
  }

  /** The series' accepted segments in slice order (as the viewer stacks them), then oldest first. */
  list(SeriesInstanceUID: string): SegmentRecord[] {
    const order = sliceOrder(this.workspace.db, SeriesInstanceUID);
    if (!order) throw new MaskcueError('NOT_FOUND', `No series ${SeriesInstanceUID} in this workspace. Refresh the study list.`);
    const rows = allRows(this.workspace.db, `SELECT ${COLUMNS} FROM segments WHERE SeriesInstanceUID = ? ORDER BY created_at, id`, SeriesInstanceUID);
    const position = (r: SegmentRecord) => order.get(r.SOPInstanceUID) ?? Number.MAX_SAFE_INTEGER;
    return rows.map(toRecord).sort((a, b) => position(a) - position(b) || a.frame - b.frame);
  }

  async mask(id: string): Promise<BinaryMask> {
    const row = this.row(id);
    if (!row) throw new MaskcueError('NOT_FOUND', `No segment ${id} in this workspace; it may have been removed.`);
    const what = `segment "${String(row.label)}" (${id})`;
    let bytes: Buffer;
    try {
      bytes = await this.workspace.blobs.read(String(row.blob_path));
    } catch (e) {
      if (e instanceof MaskcueError && e.code === 'NOT_FOUND') {
        throw new MaskcueError('NOT_FOUND', `The mask file of ${what} is missing from the workspace. Remove the segment and outline it again.`);
      }
      throw e;
    }
    return decodeMask(bytes, num(row.width), num(row.height), what);
  }

  /** An accepted segment's frame and mask, for carrying it to another slice; null when unknown. */
  async accepted(id: string): Promise<{ target: FrameRef; mask: BinaryMask } | null> {
    const row = this.row(id);
    if (!row) return null;
    return { target: { SOPInstanceUID: String(row.SOPInstanceUID), frame: num(row.frame) }, mask: await this.mask(id) };
  }

  async remove(id: string): Promise<{ removed: boolean }> {
    const row = this.row(id);
    if (!row) return { removed: false };
    const record = toRecord(row);
    this.workspace.transaction(() => {
      this.workspace.db.run('DELETE FROM segments WHERE id = ?', [id]);
      this.workspace.audit('segment.remove', describe(record), record.StudyInstanceUID);
    });
    await this.workspace.blobs.remove(String(row.blob_path)).catch((e: unknown) => {
      // The row is gone, so the segment is; the file is swept at the next start.
      this.log(`segmentation: could not remove the mask file of ${id}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return { removed: true };
  }

  private row(id: string): Row | null {
    return getRow(this.workspace.db, `SELECT ${COLUMNS} FROM segments WHERE id = ?`, id);
  }

  /** Removes mask files no row names (a crash between blob and row) and interrupted writes, once. */
  sweepOnce(): Promise<void> {
    this.swept ??= this.sweep().catch((e: unknown) => {
      this.log(`segmentation: could not tidy ${this.workspace.blobs.resolve('masks')}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.swept;
  }

  private async sweep(): Promise<void> {
    const dir = this.workspace.blobs.resolve('masks');
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return; // No masks folder yet.
    }
    const known = new Set(allRows(this.workspace.db, 'SELECT blob_path FROM segments').map((r) => String(r.blob_path)));
    for (const name of names) {
      const orphan = name.endsWith(MASK_SUFFIX) && !name.startsWith('.') && !known.has(`masks/${name}`);
      const interrupted = name.startsWith('.') && name.endsWith('.tmp');
      if (orphan || interrupted) {
        await fs.rm(join(dir, name), { force: true });
        this.log(`segmentation: removed ${name}, left in ${dir} by an interrupted save`);
      }
    }
  }
}

function describe(r: SegmentRecord): string {
  const engine = r.modelId && r.modelId !== r.engine ? `${r.engine} ${r.modelId}` : r.engine;
  const area = r.areaMm2 === null ? `${r.areaPx} px` : `${r.areaPx} px, ${r.areaMm2.toFixed(1)} mm²`;
  return `segment ${r.id} "${r.label}" on ${r.SOPInstanceUID} frame ${r.frame} (${engine}; ${area})`;
}
