// The import service as the router calls it: jobs with progress and finished events, cancel, the
// index queries and tags, and errors that say what to do.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../common/api';
import { MaskcueError } from '../../../common/api';
import { EventBus } from '../../events/event-bus';
import { makeTempDir, removeTempDirs } from '../../workspace/spec-helpers';
import { Workspace } from '../../workspace/workspace';
import { AXIAL, ctSlice, part10 } from '../spec-dicom';
import { createImportService, type ImportService } from './service';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  removeTempDirs();
});

function setup(): { service: ImportService; workspace: Workspace; messages: EventMessage[]; finished: () => Promise<EventMessage> } {
  const workspace = Workspace.open(path.join(makeTempDir(), 'ws'));
  const events = new EventBus();
  const messages: EventMessage[] = [];
  const waiting: Array<(m: EventMessage) => void> = [];
  events.subscribe((message) => {
    messages.push(message);
    if (message.event === 'import.finished') waiting.shift()?.(message);
  });
  const service = createImportService({ workspace, events, log: () => {} });
  cleanup.push(() => workspace.close(), () => service.close());
  return { service, workspace, messages, finished: () => new Promise((resolve) => waiting.push(resolve)) };
}

function writeSeries(count: number): string {
  const dir = makeTempDir();
  for (let i = 0; i < count; i++) {
    const bytes = part10(ctSlice({ study: '1.2.3', series: '1.2.3.1', sop: `1.2.3.1.${i + 1}`, instanceNumber: i + 1, position: [0, 0, i], orientation: AXIAL }));
    fs.writeFileSync(path.join(dir, `im${String(i).padStart(4, '0')}.dcm`), bytes);
  }
  return dir;
}

describe('import service', () => {
  it('runs an import as a job: jobId at once, progress events, then import.finished with the report', async () => {
    const { service, messages, finished } = setup();
    const done = finished();
    const { jobId } = await service.handlers.dicom.import({ paths: [writeSeries(3)], mode: 'reference' });
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const end = await done;
    expect(end.payload).toEqual({ jobId, cancelled: false, report: { imported: 3, duplicates: 0, studies: 1, series: 1, failed: [] } });
    const progress = messages.filter((m) => m.event === 'import.progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)!.payload).toMatchObject({ jobId, scanned: 3, total: 3, imported: 3 });
  });

  it('serves series, sorted instances, tags and file locations from the index', async () => {
    const { service, finished } = setup();
    const done = finished();
    await service.handlers.dicom.import({ paths: [writeSeries(4)], mode: 'copy' });
    await done;
    const [series] = await service.handlers.studies.series('1.2.3');
    expect(series).toMatchObject({ SeriesInstanceUID: '1.2.3.1', Modality: 'CT', instanceCount: 4, frameCount: 4, duplicatePositionCount: 0 });
    const instances = await service.handlers.series.instances('1.2.3.1');
    expect(instances.map((i) => i.InstanceNumber)).toEqual([1, 2, 3, 4]);
    const location = service.locate('1.2.3.1.2');
    expect(location?.path).toContain(path.join('blobs', 'dicom', '1.2.3', '1.2.3.1', '1.2.3.1.2.dcm'));
    const tags = await service.handlers.dicom.tags('1.2.3.1.2');
    expect(tags.find((t) => t.keyword === 'SOPInstanceUID')?.value).toBe('1.2.3.1.2');
    expect(service.locate('9.9.9')).toBeNull();
  });

  it('says what to do when something is not there', async () => {
    const { service, finished } = setup();
    await expect(service.handlers.studies.series('9.9')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Refresh the study list/) });
    await expect(service.handlers.series.instances('9.9')).rejects.toBeInstanceOf(MaskcueError);
    await expect(service.handlers.dicom.tags('9.9')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Import its study first/) });
    const dir = writeSeries(1);
    const done = finished();
    await service.handlers.dicom.import({ paths: [dir], mode: 'reference' });
    await done;
    fs.rmSync(dir, { recursive: true });
    await expect(service.handlers.dicom.tags('1.2.3.1.1')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/is gone from .*Reconnect the drive/) });
  });

  it('cancelImport stops a running job, which reports cancelled and keeps what it committed', async () => {
    const { service, workspace, finished } = setup();
    const dir = writeSeries(400);
    const done = finished();
    const { jobId } = await service.handlers.dicom.import({ paths: [dir], mode: 'reference' });
    expect(await service.handlers.dicom.cancelImport(jobId)).toEqual({ cancelled: true });
    const end = await done;
    expect(end.payload).toMatchObject({ jobId, cancelled: true });
    const imported = (end.payload as { report: { imported: number } }).report.imported;
    expect(imported).toBeLessThan(400);
    expect(workspace.listStudies()[0]?.instanceCount ?? 0).toBe(imported);
    expect(await service.handlers.dicom.cancelImport(jobId)).toEqual({ cancelled: false });
  });

  it('importFiles copies dropped files and answers with the report', async () => {
    const { service, finished } = setup();
    const done = finished();
    const report = await service.handlers.dicom.importFiles([{ name: 'a.dcm', data: new Uint8Array(part10(ctSlice({ sop: '1.2.5.1' }))) }]);
    expect(report).toEqual({ imported: 1, duplicates: 0, studies: 1, series: 1, failed: [] });
    await done;
    expect(fs.existsSync(service.locate('1.2.5.1')!.path)).toBe(true);
  });
});
