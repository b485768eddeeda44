// A DICOM SEG imported into the workspace becomes accepted segments on the frames it references, so a
// SEG exported by MaskCue (or another tool) overlays in the viewer as the masks it carries: the round
// trip the report issue asks for. Each SEG is converted once (imported_segmentations); frames whose
// source is not in the workspace, or whose size differs, are skipped with the reason in the log.

import { readFile } from 'node:fs/promises';
import { MaskcueError } from '../../common/api';
import { SopClass } from '../../common/dicom/uids';
import type { LocateInstance } from '../dicom/instance-location';
import { indexedInstance } from '../segmentation/service/instance-info';
import type { SegmentStore } from '../segmentation/service/segment-store';
import { allRows } from '../workspace/sqlite';
import type { Workspace } from '../workspace/workspace';
import { readSeg } from './dicom/seg-reader';

export interface SegImportOutcome {
  segmentations: number;
  segments: number;
  skipped: string[];
}

/** Converts every SEG in the workspace not converted yet. */
export async function importSegmentations(workspace: Workspace, store: SegmentStore, locate: LocateInstance): Promise<SegImportOutcome> {
  const pending = allRows(
    workspace.db,
    'SELECT SOPInstanceUID FROM instances WHERE SOPClassUID = ? AND SOPInstanceUID NOT IN (SELECT SOPInstanceUID FROM imported_segmentations)',
    [SopClass.SegmentationStorage],
  ).map((r) => String(r.SOPInstanceUID));
  const outcome: SegImportOutcome = { segmentations: 0, segments: 0, skipped: [] };
  for (const uid of pending) {
    let made = 0;
    try {
      const location = locate(uid);
      if (!location) throw new MaskcueError('NOT_FOUND', 'its file is not in the index');
      const seg = readSeg(await readFile(location.path));
      const labels = new Map(seg.segments.map((s) => [s.segmentNumber, s.label || `Segment ${s.segmentNumber}`]));
      // One accepted segment per (segment, source frame): frames of one segment on one image are united.
      const merged = new Map<string, { SOPInstanceUID: string; frame: number; label: string; width: number; height: number; mask: Uint8Array }>();
      for (const f of seg.frames) {
        const key = `${f.segmentNumber}|${f.SOPInstanceUID}|${f.frame}`;
        const entry = merged.get(key);
        if (entry) for (let i = 0; i < f.mask.length; i += 1) entry.mask[i]! |= f.mask[i]!;
        else merged.set(key, { SOPInstanceUID: f.SOPInstanceUID, frame: f.frame, label: labels.get(f.segmentNumber)!, width: f.width, height: f.height, mask: Uint8Array.from(f.mask) });
      }
      for (const m of merged.values()) {
        try {
          indexedInstance(workspace.db, m.SOPInstanceUID);
        } catch {
          outcome.skipped.push(`SEG ${uid}: "${m.label}" refers to ${m.SOPInstanceUID || 'no image'}, which is not in this workspace`);
          continue;
        }
        if (!m.mask.some((v) => v)) continue;
        await store.accept({
          target: { SOPInstanceUID: m.SOPInstanceUID, frame: m.frame },
          label: m.label,
          mask: { width: m.width, height: m.height, data: m.mask },
          prompts: { points: [] },
          engine: 'dicom-seg',
          modelId: null,
        });
        made += 1;
      }
    } catch (e) {
      outcome.skipped.push(`SEG ${uid}: ${e instanceof Error ? e.message : String(e)}`);
    }
    workspace.transaction(() => {
      workspace.db.run('INSERT OR REPLACE INTO imported_segmentations VALUES (?, ?, ?)', [uid, made, new Date().toISOString()]);
      workspace.audit('segment.import', `DICOM SEG ${uid}: ${made} segment(s) accepted`);
    });
    outcome.segmentations += 1;
    outcome.segments += made;
  }
  return outcome;
}
