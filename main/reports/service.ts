// The reports service behind the contract: export a study (PDF, SEG, SR, PNG; optionally
// de-identified) and list earlier exports. Every export is a row in `reports` (migration 5) and an
// audit event; the files land together or not at all (write-atomic-files.ts).

import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MaskcueError, type Handlers } from '../../common/api';
import type { DecodedFrame } from '../../common/dicom';
import type { ReportRecord } from '../../common/domain';
import packageJson from '../../package.json';
import type { LocateInstance } from '../dicom/instance-location';
import { PackStore } from '../fewshot/store/packs';
import { SegmentStore } from '../segmentation/service/segment-store';
import { allRows } from '../workspace/sqlite';
import type { Workspace } from '../workspace/workspace';
import { buildStudyInput } from './build-input';
import { isPng } from '../segmentation/image/png';
import { exportReport } from './export-report';
import { writeFilesAtomically } from './write-atomic-files';
import { importSegmentations, type SegImportOutcome } from './seg-import';

export interface ReportServiceDeps {
  workspace: Workspace;
  locate: LocateInstance;
  frame: (SOPInstanceUID: string, frame: number) => Promise<DecodedFrame>;
  log: (message: string) => void;
}

export const SOFTWARE = { name: 'MaskCue', version: packageJson.version };

/** A new folder per export under the workspace: <workspace>/exports/<UTC time>. */
function defaultOutDir(workspace: Workspace): string {
  return join(workspace.info().path, 'exports', new Date().toISOString().replace(/[:.]/g, '-'));
}

export interface ReportService {
  handlers: { reports: Handlers['reports'] };
  /** After an import: DICOM SEGs that arrived become accepted segments (seg-import.ts). */
  importSegmentations(): Promise<SegImportOutcome>;
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  const { workspace } = deps;
  const segments = new SegmentStore(workspace, deps.log);
  const packs = new PackStore(workspace);
  return {
    importSegmentations: () => importSegmentations(workspace, segments, deps.locate),
    handlers: {
      reports: {
        export: async ({ StudyInstanceUID, outDir, deidentify, findingsText, signedBy, exclude }) => {
          const base = await buildStudyInput({ workspace, segments, packs, locate: deps.locate, frame: deps.frame }, StudyInstanceUID, exclude);
          const createdAt = new Date().toISOString();
          // A folder the user names must exist (a typo should not scatter exports); the default is made here.
          const dir = outDir ?? defaultOutDir(workspace);
          if (!outDir) await mkdir(dir, { recursive: true });
          const files = await exportReport(
            { ...base, findingsText, signedBy, signedAt: signedBy ? createdAt : null, deidentified: deidentify, createdAt, software: SOFTWARE },
            dir,
          );
          const record: ReportRecord = { id: randomUUID(), StudyInstanceUID, outDir: dir, deidentified: deidentify, files, findingsText, signedBy, createdAt };
          workspace.transaction(() => {
            workspace.db.run('INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
              record.id,
              StudyInstanceUID,
              dir,
              deidentify ? 1 : 0,
              JSON.stringify(files),
              findingsText,
              signedBy,
              createdAt,
            ]);
            workspace.audit(
              'report.export',
              `${files.map((f) => f.kind.toUpperCase()).join(', ')} to ${dir}${deidentify ? ' (de-identified)' : ''}${signedBy ? `, signed by ${signedBy}` : ''}`,
              StudyInstanceUID,
            );
          });
          return record;
        },
        snapshot: async ({ StudyInstanceUID, png, outDir }) => {
          if (!isPng(png)) throw new MaskcueError('INVALID_ARGUMENT', 'The snapshot is not a PNG image; take it again from the viewport.');
          const dir = outDir ?? join(workspace.info().path, 'exports', 'snapshots');
          if (!outDir) await mkdir(dir, { recursive: true });
          const name = `viewport-${new Date().toISOString().replace(/[:.]/g, '-')}.png`;
          const [file] = await writeFilesAtomically(dir, [{ name, data: png, kind: 'png' }]);
          workspace.audit('report.snapshot', `viewport PNG to ${file!.path}`, StudyInstanceUID);
          return file!;
        },
        history: async (StudyInstanceUID) =>
          allRows(workspace.db, 'SELECT * FROM reports WHERE StudyInstanceUID = ? ORDER BY created_at DESC', [StudyInstanceUID]).map((r) => ({
            id: String(r.id),
            StudyInstanceUID: String(r.StudyInstanceUID),
            outDir: String(r.out_dir),
            deidentified: Number(r.deidentified) === 1,
            files: JSON.parse(String(r.files_json)) as ReportRecord['files'],
            findingsText: String(r.findings_text),
            signedBy: typeof r.signed_by === 'string' ? r.signed_by : null,
            createdAt: String(r.created_at),
          })),
      },
    },
  };
}
