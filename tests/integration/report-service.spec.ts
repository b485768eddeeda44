// Reports from the workspace, as the Report panel asks for them: a real core, a study with accepted
// masks classified by a radiomics pack, exported plain and de-identified. The files are checked with
// the peers (pdftotext, dcmdump) and our SEG reader; bad input leaves no file behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../../common/dicom';
import { createCore, type Core } from '../../main/app-core';
import { readSeg } from '../../main/reports/dicom/seg-reader';
import { allRows } from '../../main/workspace/sqlite';
import { coreCalls, daikonCore, discMask as disc, frameOf, importAndWait, trainTissueAirPack } from './support/core-calls';

const hasTool = (tool: string) => spawnSync('which', [tool]).status === 0;

let root: string;
let core: Core;
let slices: InstanceSummary[];
let study: string;

const calls = coreCalls(() => core);
const { call, failure } = calls;
const target = frameOf;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-report-'));
  ({ core, study, slices } = await daikonCore(root));
  await trainTissueAirPack(calls, slices, 'report-pack');
});

afterAll(async () => {
  await core?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('report export from the workspace', () => {
  it('refuses a study with no accepted mask, writing nothing', async () => {
    const out = join(root, 'none');
    const error = await failure('reports', 'export', { StudyInstanceUID: study, outDir: out, deidentify: false, findingsText: '', signedBy: null });
    expect(error.message).toMatch(/no accepted mask/);
    expect(existsSync(out)).toBe(false);
  });

  it('writes PDF, SEG, SR and PNG for the accepted masks with their classification, and keeps a history', async () => {
    const slice = slices[12]!;
    const mask = disc(slice, 0.5, 0.5, 0.12);
    const segment = await call('segmentation', 'accept', { target: target(slice), label: 'lesion', mask, prompts: { points: [] }, engine: 'growcut', modelId: null });
    const classified = await call('fewshot', 'classify', { target: target(slice), voi: null, mask, segmentId: segment.id, explain: true });
    expect(classified.classes[classified.top]).toBe('tissue');

    const out = join(root, 'plain');
    mkdirSync(out);
    const record = await call('reports', 'export', { StudyInstanceUID: study, outDir: out, deidentify: false, findingsText: 'Round lesion in the centrum semiovale.', signedBy: 'Dr A. Reader' });
    expect(record.files.map((f) => f.kind).sort()).toEqual(['pdf', 'png', 'seg', 'sr']);
    for (const f of record.files) expect(readFileSync(f.path).length).toBe(f.bytes);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);

    const seg = readSeg(readFileSync(join(out, 'segmentation.dcm')));
    expect(seg.segments.map((s) => s.label)).toEqual(['lesion']);
    expect(seg.frames).toHaveLength(1);
    expect(seg.frames[0]!.SOPInstanceUID).toBe(slice.SOPInstanceUID);
    expect(Buffer.from(seg.frames[0]!.mask).equals(Buffer.from(mask.data))).toBe(true);

    if (hasTool('pdftotext')) {
      const text = spawnSync('pdftotext', ['-layout', join(out, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('tissue');
      expect(text).toMatch(/v1/);
      expect(text).toContain('Round lesion in the centrum semiovale.');
      expect(text).toContain('Dr A. Reader');
      expect(text).toMatch(/Not for diagnostic use/);
    }
    if (hasTool('dcmdump')) {
      const sr = spawnSync('dcmdump', ['+P', 'ContentTemplateSequence', '+P', 'TemplateIdentifier', join(out, 'measurements-sr.dcm')], { encoding: 'utf8' });
      expect(sr.status, sr.stderr).toBe(0);
      expect(sr.stdout).toContain('1500');
    }
    // Unticking the only finding leaves nothing to report: said so, nothing written.
    const none = join(root, 'unticked');
    mkdirSync(none);
    expect((await failure('reports', 'export', { StudyInstanceUID: study, outDir: none, deidentify: false, findingsText: '', signedBy: null, exclude: [segment.id] })).message).toMatch(/tick at least one/);
    expect(readdirSync(none)).toEqual([]);
    const history = await call('reports', 'history', study);
    expect(history[0]).toMatchObject({ id: record.id, deidentified: false, signedBy: 'Dr A. Reader' });
    const audit = await call('workspace', 'audit', { limit: 20 });
    expect(audit.find((a) => a.action === 'report.export')?.detail).toContain(out);
  });

  it('imports its own SEG back: the masks overlay as accepted segments, pixel for pixel', async () => {
    const changed = new Promise<void>((resolve) => {
      const stop = core.events.subscribe((m) => {
        if (m.event === 'segments.changed') {
          stop();
          resolve();
        }
      });
    });
    await importAndWait(core, [join(root, 'plain', 'segmentation.dcm')]);
    await changed;
    const [series] = await call('studies', 'series', study);
    const imported = (await call('segmentation', 'list', series!.SeriesInstanceUID)).filter((s) => s.engine === 'dicom-seg');
    expect(imported.map((s) => [s.label, s.SOPInstanceUID])).toEqual([['lesion', slices[12]!.SOPInstanceUID]]);
    const mask = await call('segmentation', 'mask', imported[0]!.id);
    expect(Buffer.from(mask.data).equals(Buffer.from(disc(slices[12]!, 0.5, 0.5, 0.12).data))).toBe(true);
    // Importing the same SEG again adds nothing.
    await importAndWait(core, [join(root, 'plain', 'segmentation.dcm')]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await call('segmentation', 'list', series!.SeriesInstanceUID)).filter((s) => s.engine === 'dicom-seg')).toHaveLength(1);
  });

  it('de-identifies every file of an export and says so in the PDF', async () => {
    const out = join(root, 'deid');
    mkdirSync(out);
    const record = await call('reports', 'export', { StudyInstanceUID: study, outDir: out, deidentify: true, findingsText: 'Teaching file.', signedBy: null });
    expect(record.deidentified).toBe(true);
    const [instance] = allRows(core.workspace.db, 'SELECT PatientName, PatientID FROM studies LIMIT 1');
    const name = String(instance?.PatientName ?? '').replace(/\^+/g, ' ').trim();
    const seg = readFileSync(join(out, 'segmentation.dcm')).toString('latin1');
    expect(seg).not.toContain(slices[12]!.SOPInstanceUID);
    expect(seg).not.toContain(study);
    if (name) expect(seg).not.toContain(name.split(' ')[0]!);
    if (hasTool('pdftotext')) {
      const text = spawnSync('pdftotext', ['-layout', join(out, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
      expect(text).toMatch(/De-identified/);
      if (name) expect(text).not.toContain(name);
    }
  });

  it('says which file moved, and leaves nothing half-written', async () => {
    const [row] = allRows(core.workspace.db, 'SELECT file_path FROM instances WHERE SOPInstanceUID = ?', [slices[12]!.SOPInstanceUID]);
    await core.close();
    unlinkSync(String(row!.file_path));
    core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'no-models'), mode: 'browser', host: { providers: ['cpu'] }, log: () => {} });
    const out = join(root, 'moved');
    mkdirSync(out);
    const error = await failure('reports', 'export', { StudyInstanceUID: study, outDir: out, deidentify: false, findingsText: '', signedBy: null });
    expect(error.message).toMatch(/no longer there|Re-import/);
    expect(readdirSync(out)).toEqual([]);
  });
});
