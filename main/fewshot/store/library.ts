// The exemplar library in the workspace (migration 4): classes with their prompt templates, and
// exemplars — an image reference (a frame in the workspace, or a file), the window it was seen through
// and its mask. The mask is stored with the row (deflated, in a BLOB column): an exemplar must keep
// the outline the radiologist gave even when the segment it came from is later removed.

import { randomUUID } from 'node:crypto';
import { MaskcueError } from '../../../common/api';
import type { BinaryMask, ClassDef, ExemplarRecord, ExemplarSource, Voi } from '../../../common/domain';
import { checkBinary, decodeMask, encodeMask } from '../../segmentation/service/mask-blob';
import { allRows, getRow, type Row, type SQLiteValue } from '../../workspace/sqlite';
import type { Workspace } from '../../workspace/workspace';

/** The paper's prompt first, then two that name the setting; editable per class. */
export const DEFAULT_TEMPLATES: readonly string[] = ['This is a photo of {class}', 'a medical image showing {class}', 'a {class} lesion'];

export interface NewExemplar {
  className: string;
  source: ExemplarSource;
  voi: Voi | null;
  segmentId: string | null;
  mask: BinaryMask;
}

const num = (v: SQLiteValue | undefined): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
const str = (v: SQLiteValue | undefined): string | null => (typeof v === 'string' ? v : null);

const EXEMPLAR_COLUMNS = `e.id, e.class_id, c.name AS class_name, e.source_kind, e.SOPInstanceUID, e.frame, e.SeriesInstanceUID,
  e.StudyInstanceUID, e.file_path, e.voi_json, e.segment_id, e.width, e.height, e.mask_area_px, e.created_at`;

function toExemplar(row: Row): ExemplarRecord {
  const source: ExemplarSource =
    row.source_kind === 'dicom'
      ? {
          kind: 'dicom',
          SOPInstanceUID: String(row.SOPInstanceUID),
          frame: num(row.frame),
          SeriesInstanceUID: String(row.SeriesInstanceUID),
          StudyInstanceUID: String(row.StudyInstanceUID),
        }
      : { kind: 'file', path: String(row.file_path) };
  const voi = str(row.voi_json);
  return {
    id: String(row.id),
    classId: String(row.class_id),
    className: String(row.class_name),
    source,
    voi: voi ? (JSON.parse(voi) as Voi) : null,
    width: num(row.width),
    height: num(row.height),
    maskAreaPx: num(row.mask_area_px),
    createdAt: String(row.created_at),
  };
}

function cleanName(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean) throw new MaskcueError('INVALID_ARGUMENT', 'Give the class a name (e.g. "benign").');
  if (clean.length > 64) throw new MaskcueError('INVALID_ARGUMENT', 'Class names are at most 64 characters.');
  return clean;
}

function cleanTemplates(templates: readonly string[]): string[] {
  const clean = templates.map((t) => t.trim()).filter((t) => t.length > 0);
  if (clean.length === 0) throw new MaskcueError('INVALID_ARGUMENT', 'A class needs at least one prompt template, e.g. "This is a photo of {class}".');
  const missing = clean.find((t) => !t.includes('{class}'));
  if (missing) throw new MaskcueError('INVALID_ARGUMENT', `The template "${missing}" has no {class} in it; write where the class name goes.`);
  return clean;
}

export class LibraryStore {
  constructor(private readonly workspace: Workspace) {}

  private get db() {
    return this.workspace.db;
  }

  classes(): ClassDef[] {
    return allRows(
      this.db,
      `SELECT c.id, c.name, c.templates_json, (SELECT COUNT(*) FROM exemplars e WHERE e.class_id = c.id) AS n
       FROM fewshot_classes c ORDER BY c.created_at, c.name`,
    ).map((r) => ({ id: String(r.id), name: String(r.name), templates: JSON.parse(String(r.templates_json)) as string[], exemplarCount: num(r.n) }));
  }

  private classByName(name: string): ClassDef | null {
    return this.classes().find((c) => c.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  /** Creates or updates a class (by id, or by name when no id is given). */
  saveClass(input: { id?: string; name: string; templates?: readonly string[] }): ClassDef {
    const name = cleanName(input.name);
    const existing = input.id ? this.classes().find((c) => c.id === input.id) : this.classByName(name);
    if (input.id && !existing) throw new MaskcueError('NOT_FOUND', `No class ${input.id} in this library; refresh the list.`);
    const clash = this.classByName(name);
    if (clash && existing && clash.id !== existing.id) throw new MaskcueError('INVALID_ARGUMENT', `A class named "${clash.name}" already exists.`);
    const templates = cleanTemplates(input.templates ?? existing?.templates ?? DEFAULT_TEMPLATES);
    const id = existing?.id ?? randomUUID();
    this.workspace.transaction(() => {
      if (existing) this.db.run('UPDATE fewshot_classes SET name = ?, templates_json = ? WHERE id = ?', [name, JSON.stringify(templates), id]);
      else this.db.run('INSERT INTO fewshot_classes VALUES (?, ?, ?, ?)', [id, name, JSON.stringify(templates), new Date().toISOString()]);
      this.workspace.audit(existing ? 'fewshot.class.update' : 'fewshot.class.create', `class "${name}" (${id}) templates ${JSON.stringify(templates)}`);
    });
    return this.classes().find((c) => c.id === id)!;
  }

  removeClass(id: string): { removed: boolean } {
    const cls = this.classes().find((c) => c.id === id);
    if (!cls) return { removed: false };
    if (cls.exemplarCount > 0) {
      throw new MaskcueError('INVALID_ARGUMENT', `Class "${cls.name}" still has ${cls.exemplarCount} exemplar(s); relabel or remove them first.`);
    }
    this.workspace.transaction(() => {
      this.db.run('DELETE FROM fewshot_classes WHERE id = ?', [id]);
      this.workspace.audit('fewshot.class.remove', `class "${cls.name}" (${id})`);
    });
    return { removed: true };
  }

  list(classId?: string): ExemplarRecord[] {
    const where = classId ? 'WHERE e.class_id = ?' : '';
    return allRows(
      this.db,
      `SELECT ${EXEMPLAR_COLUMNS} FROM exemplars e JOIN fewshot_classes c ON c.id = e.class_id ${where} ORDER BY c.name, e.created_at`,
      classId ? [classId] : undefined,
    ).map(toExemplar);
  }

  get(id: string): ExemplarRecord {
    const row = getRow(this.db, `SELECT ${EXEMPLAR_COLUMNS} FROM exemplars e JOIN fewshot_classes c ON c.id = e.class_id WHERE e.id = ?`, [id]);
    if (!row) throw new MaskcueError('NOT_FOUND', `No exemplar ${id} in this library; it may have been removed.`);
    return toExemplar(row);
  }

  async add(input: NewExemplar): Promise<ExemplarRecord> {
    const area = checkBinary(input.mask);
    if (area === 0) throw new MaskcueError('INVALID_ARGUMENT', 'The mask is empty: outline the finding before adding it as an exemplar.');
    const blob = await encodeMask(input.mask);
    const id = randomUUID();
    const s = input.source;
    this.workspace.transaction(() => {
      const cls = this.classByName(input.className) ?? this.saveClass({ name: input.className });
      this.db.run(
        `INSERT INTO exemplars (id, class_id, source_kind, SOPInstanceUID, frame, SeriesInstanceUID, StudyInstanceUID, file_path,
           voi_json, segment_id, width, height, mask_area_px, mask, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          cls.id,
          s.kind,
          s.kind === 'dicom' ? s.SOPInstanceUID : null,
          s.kind === 'dicom' ? s.frame : null,
          s.kind === 'dicom' ? s.SeriesInstanceUID : null,
          s.kind === 'dicom' ? s.StudyInstanceUID : null,
          s.kind === 'file' ? s.path : null,
          input.voi ? JSON.stringify(input.voi) : null,
          input.segmentId,
          input.mask.width,
          input.mask.height,
          area,
          new Uint8Array(blob),
          new Date().toISOString(),
        ],
      );
      const where = s.kind === 'dicom' ? `${s.SOPInstanceUID} frame ${s.frame}` : s.path;
      this.workspace.audit('fewshot.exemplar.add', `exemplar ${id} "${cls.name}" from ${where} (${area} px)`, s.kind === 'dicom' ? s.StudyInstanceUID : null);
    });
    return this.get(id);
  }

  relabel(id: string, className: string): ExemplarRecord {
    const before = this.get(id);
    this.workspace.transaction(() => {
      const cls = this.classByName(className) ?? this.saveClass({ name: className });
      this.db.run('UPDATE exemplars SET class_id = ? WHERE id = ?', [cls.id, id]);
      this.workspace.audit('fewshot.exemplar.relabel', `exemplar ${id} "${before.className}" → "${cls.name}"`);
    });
    return this.get(id);
  }

  remove(id: string): { removed: boolean } {
    const row = getRow(this.db, 'SELECT id FROM exemplars WHERE id = ?', [id]);
    if (!row) return { removed: false };
    const before = this.get(id);
    this.workspace.transaction(() => {
      this.db.run('DELETE FROM exemplar_embeddings WHERE exemplar_id = ?', [id]);
      this.db.run('DELETE FROM exemplars WHERE id = ?', [id]);
      this.workspace.audit('fewshot.exemplar.remove', `exemplar ${id} "${before.className}"`);
    });
    return { removed: true };
  }

  async mask(id: string): Promise<BinaryMask> {
    const row = getRow(this.db, 'SELECT width, height, mask FROM exemplars WHERE id = ?', [id]);
    if (!row) throw new MaskcueError('NOT_FOUND', `No exemplar ${id} in this library; it may have been removed.`);
    return decodeMask(row.mask as Uint8Array, num(row.width), num(row.height), `exemplar ${id}`);
  }
}
