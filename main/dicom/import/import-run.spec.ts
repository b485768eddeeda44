// The import loop against a real workspace: reference and copy modes, duplicates, batches that
// survive a crash, cancel, DICOMDIR, hidden and non-DICOM files. Files are generated (spec-dicom).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../common/dicom/records';
import { makeTempDir, removeTempDirs } from '../../workspace/spec-helpers';
import { allRows } from '../../workspace/sqlite';
import { Workspace } from '../../workspace/workspace';
import * as reasons from '../reasons';
import { AXIAL, ctSlice, part10, type InstanceSpec, type SpecElement } from '../spec-dicom';
import { listInstances, listSeries, locateInstance } from './index-reader';
import { blobPathFor, runImport, type ImportRequest, type ImportRunOptions } from './import-run';

const opened: Workspace[] = [];
afterEach(() => {
  for (const ws of opened.splice(0)) ws.close();
  removeTempDirs();
});

function workspace(): Workspace {
  const ws = Workspace.open(path.join(makeTempDir(), 'ws'));
  opened.push(ws);
  return ws;
}

function write(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

const STUDY = '1.2.826.0.1.9';
const SERIES = '1.2.826.0.1.9.1';

/** A 5-slice axial CT whose InstanceNumbers run against the file names. */
function writeStack(dir: string, extra: Partial<InstanceSpec> = {}): string[] {
  return [0, 1, 2, 3, 4].map((i) =>
    write(
      dir,
      `slice${i}.dcm`,
      part10(ctSlice({ study: STUDY, series: SERIES, sop: `1.2.826.0.1.9.1.${i + 1}`, instanceNumber: 5 - i, position: [0, 0, -10 * i], orientation: AXIAL, ...extra })),
    ),
  );
}

const run = (ws: Workspace, request: ImportRequest, options: Partial<ImportRunOptions> = {}) =>
  runImport(request, { workspace: ws, jobId: 'spec', ...options });

describe('import: reference mode', () => {
  it('indexes a folder, keeps the studies table current, and sorts the series along the normal', async () => {
    const ws = workspace();
    const dir = makeTempDir();
    writeStack(dir);
    write(dir, 'sr/report.dcm', part10([
      { tag: '00080016', vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.11' },
      { tag: '00080018', vr: 'UI', value: '1.2.826.0.1.9.2.1' },
      { tag: '00080060', vr: 'CS', value: 'SR' },
      { tag: '0020000D', vr: 'UI', value: STUDY },
      { tag: '0020000E', vr: 'UI', value: '1.2.826.0.1.9.2' },
    ]));
    const { report, cancelled } = await run(ws, { paths: [dir], mode: 'reference' });
    expect(cancelled).toBe(false);
    expect(report).toEqual({ imported: 6, duplicates: 0, studies: 1, series: 2, failed: [] });

    expect(ws.listStudies()).toEqual([
      expect.objectContaining({ StudyInstanceUID: STUDY, PatientName: 'Test^Patient', ModalitiesInStudy: ['CT', 'SR'], seriesCount: 2, instanceCount: 6 }),
    ]);
    const series = listSeries(ws.db, STUDY);
    expect(series.map((s) => [s.Modality, s.instanceCount, s.frameCount])).toEqual([['CT', 5, 5], ['SR', 1, 0]]);
    const instances = listInstances(ws.db, SERIES);
    expect(instances.map((i) => i.InstanceNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(instances.map((i) => i.ImagePositionPatient![2])).toEqual([-40, -30, -20, -10, 0]);

    const location = locateInstance(ws.db, ws.blobs, '1.2.826.0.1.9.1.1');
    expect(location).toEqual({ SOPInstanceUID: '1.2.826.0.1.9.1.1', path: path.join(dir, 'slice0.dcm'), TransferSyntaxUID: '1.2.840.10008.1.2.1', NumberOfFrames: 1 });
    const row = allRows(ws.db, "SELECT file_size, copied, file_mtime_ms FROM instances WHERE SOPInstanceUID = '1.2.826.0.1.9.1.1'")[0]!;
    expect(row).toMatchObject({ file_size: fs.statSync(path.join(dir, 'slice0.dcm')).size, copied: 0 });
    expect(ws.listAudit(5).map((e) => e.action)).toContain('dicom.import');
  });

  it('counts an instance met twice as a duplicate, in one import or the next', async () => {
    const ws = workspace();
    const dir = makeTempDir();
    const [first] = writeStack(dir);
    fs.copyFileSync(first!, path.join(dir, 'copy-of-slice0.dcm'));
    expect((await run(ws, { paths: [dir], mode: 'reference' })).report).toMatchObject({ imported: 5, duplicates: 1 });
    expect((await run(ws, { paths: [dir], mode: 'reference' })).report).toEqual({ imported: 0, duplicates: 6, studies: 0, series: 0, failed: [] });
    expect(allRows(ws.db, 'SELECT COUNT(*) AS n FROM instances')[0]!.n).toBe(5);
  });

  it('reports every file it did not import, with its reason, and passes over hidden clutter', async () => {
    const ws = workspace();
    const dir = makeTempDir();
    writeStack(dir);
    write(dir, 'README.txt', new TextEncoder().encode('Study exported by a PACS. Open with a DICOM viewer.\n'));
    write(dir, '.DS_Store', new Uint8Array(600).fill(7));
    write(dir, '._slice0.dcm', new Uint8Array(4096));
    write(dir, '.hidden-copy.dcm', part10(ctSlice({ sop: '1.2.826.0.1.9.9.9' })));
    write(dir, '.git/objects/blob', part10(ctSlice({ sop: '1.2.826.0.1.9.9.8' })));
    write(dir, 'truncated.dcm', part10(ctSlice({ sop: '1.2.826.0.1.9.9.7', rows: 64, columns: 64 })).subarray(0, 1000));
    const missing = path.join(dir, 'not-there');
    const { report } = await run(ws, { paths: [dir, missing], mode: 'reference' });
    expect(report.imported).toBe(5);
    expect(report.failed).toEqual([
      { path: path.join(dir, '.hidden-copy.dcm'), reason: reasons.HIDDEN_DICOM },
      { path: path.join(dir, 'README.txt'), reason: reasons.NOT_DICOM },
      { path: path.join(dir, 'truncated.dcm'), reason: expect.stringMatching(/^pixel data is truncated: 8192 bytes declared, \d+ present$/) },
      { path: missing, reason: reasons.notFound },
    ]);
  });
});

describe('import: copy mode', () => {
  it('copies each file into blobs/dicom/<study>/<series>/<sop>.dcm and locates the copy', async () => {
    const ws = workspace();
    const dir = makeTempDir();
    const files = writeStack(dir);
    expect((await run(ws, { paths: files, mode: 'copy' })).report.imported).toBe(5);
    const relative = blobPathFor({ StudyInstanceUID: STUDY, SeriesInstanceUID: SERIES, SOPInstanceUID: '1.2.826.0.1.9.1.3' });
    const location = locateInstance(ws.db, ws.blobs, '1.2.826.0.1.9.1.3')!;
    expect(location.path).toBe(path.join(ws.path, 'blobs', relative));
    expect(fs.readFileSync(location.path)).toEqual(fs.readFileSync(files[2]!));
    fs.rmSync(dir, { recursive: true });
    expect(fs.existsSync(location.path)).toBe(true);
  });

  it('copies files given as bytes (dropped on the browser page)', async () => {
    const ws = workspace();
    const data = part10(ctSlice({ sop: '1.2.826.0.1.9.1.77' }));
    const { report } = await run(ws, { files: [{ name: 'dropped.dcm', data }, { name: 'notes.txt', data: new TextEncoder().encode('hello there, not dicom at all') }], mode: 'reference' });
    expect(report).toMatchObject({ imported: 1, failed: [{ path: 'notes.txt', reason: reasons.NOT_DICOM }] });
    expect(fs.readFileSync(locateInstance(ws.db, ws.blobs, '1.2.826.0.1.9.1.77')!.path)).toEqual(Buffer.from(data));
  });
});

describe('import: batches, cancel and progress', () => {
  it('a crash mid-import keeps every batch committed before it', async () => {
    const ws = workspace();
    const dir = makeTempDir();
    writeStack(dir);
    let looked = 0;
    const crash = run(ws, { paths: [dir], mode: 'reference' }, {
      batchSize: 2,
      isCancelled: () => {
        // Asked once before the walk and once per file: this cuts the power at the fourth file.
        if (++looked > 4) throw new Error('power cut');
        return false;
      },
    });
    await expect(crash).rejects.toThrow('power cut');
    const kept = allRows(ws.db, 'SELECT SOPInstanceUID FROM instances ORDER BY SOPInstanceUID').map((r) => r.SOPInstanceUID);
    expect(kept).toEqual(['1.2.826.0.1.9.1.1', '1.2.826.0.1.9.1.2']);
    expect(ws.listStudies()[0]).toMatchObject({ instanceCount: kept.length });
  });

  it('cancel stops at the next file and keeps what was read', async () => {
    const ws = workspace();
    const dir = makeTempDir();
    writeStack(dir);
    const progress: ImportProgress[] = [];
    const outcome = await run(ws, { paths: [dir], mode: 'reference' }, {
      isCancelled: () => progress.length >= 2,
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
    });
    expect(outcome.cancelled).toBe(true);
    expect(outcome.report.imported).toBe(2);
    expect(allRows(ws.db, 'SELECT COUNT(*) AS n FROM instances')[0]!.n).toBe(2);
    expect(progress.at(-1)).toMatchObject({ jobId: 'spec', scanned: 2, total: 2, imported: 2, currentPath: null });
  });

  it('reports progress at most every progressIntervalMs, and once at the end', async () => {
    const ws = workspace();
    const dir = makeTempDir();
    writeStack(dir);
    const progress: ImportProgress[] = [];
    await run(ws, { paths: [dir], mode: 'reference' }, { progressIntervalMs: 60_000, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      expect.objectContaining({ scanned: 1 }),
      { jobId: 'spec', scanned: 5, total: 5, imported: 5, duplicates: 0, failed: 0, currentPath: null },
    ]);
  });
});

describe('import: DICOMDIR', () => {
  const dicomdir = (ids: string[]): Uint8Array =>
    part10([
      {
        tag: '00041220',
        vr: 'SQ',
        value: ids.map((id): SpecElement[] => [
          { tag: '00041430', vr: 'CS', value: 'IMAGE' },
          { tag: '00041500', vr: 'CS', value: id },
        ]),
      },
    ]);

  it('imports the files a DICOMDIR lists, relative to its folder, each once', async () => {
    const ws = workspace();
    const cd = makeTempDir();
    writeStack(path.join(cd, 'dicom', 'st0'));
    const ids = [0, 1, 2, 3, 4].map((i) => `DICOM\\ST0\\SLICE${i}.DCM`);
    const index = write(cd, 'DICOMDIR', dicomdir([...ids, 'DICOM\\ST0\\GONE']));
    const { report } = await run(ws, { paths: [index, cd], mode: 'reference' });
    expect(report.imported).toBe(5);
    expect(report.duplicates).toBe(0);
    expect(report.failed).toEqual([{ path: path.join(cd, 'DICOM', 'ST0', 'GONE'), reason: reasons.dicomdirMissingFile(index) }]);
  });

  it('searches the folder of a DICOMDIR it cannot read', async () => {
    const ws = workspace();
    const cd = makeTempDir();
    writeStack(path.join(cd, 'images'));
    const damaged = dicomdir(['IMAGES\\SLICE0.DCM']);
    const index = write(cd, 'DICOMDIR', damaged.subarray(0, damaged.length - 20));
    const { report } = await run(ws, { paths: [index], mode: 'reference' });
    expect(report.imported).toBe(5);
    expect(report.failed).toEqual([{ path: index, reason: expect.stringMatching(/^the DICOMDIR could not be read \(.*\); MaskCue searched its folder for the files instead$/) }]);
  });
});
