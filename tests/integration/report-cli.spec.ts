// `maskcue report` in-process: one image and mask (alone, then classified with a workspace's active
// pack), and a workspace study; bad arguments say what to give.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InstanceSummary } from '../../common/dicom';
import type { Core } from '../../main/app-core';
import { reportCommand } from '../../main/cli/report';
import { encodeGreyPng } from '../../main/segmentation/image/png';
import { allRows } from '../../main/workspace/sqlite';
import { rejectionOf } from '../fixtures/maskcue-error';
import { coreCalls, daikonCore, discMask, frameOf, trainTissueAirPack } from './support/core-calls';
const hasPdftotext = spawnSync('which', ['pdftotext']).status === 0;

let root: string;
let core: Core;
let slices: InstanceSummary[];
let study: string;
let slicePath: string;

const calls = coreCalls(() => core);
const { call } = calls;

const onSlice = discMask;
const target = frameOf;
const pdfText = (path: string) => spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  root = mkdtempSync(join(tmpdir(), 'maskcue-report-cli-'));
  ({ core, study, slices } = await daikonCore(root));
  await trainTissueAirPack(calls, slices, 'cli-pack');
  await call('segmentation', 'accept', { target: target(slices[12]!), label: 'lesion', mask: onSlice(slices[12]!, 0.5, 0.5, 0.1), prompts: { points: [] }, engine: 'growcut', modelId: null });
  slicePath = String(allRows(core.workspace.db, 'SELECT file_path FROM instances WHERE SOPInstanceUID = ?', [slices[14]!.SOPInstanceUID])[0]!.file_path);
  await core.close();
  const i = slices[14]!;
  writeFileSync(join(root, 'mask.png'), encodeGreyPng(i.Columns, i.Rows, discMask(i, 0.5, 0.5, 0.12).data.map((v) => v * 255)));
  writeFileSync(join(root, 'empty.png'), encodeGreyPng(i.Columns, i.Rows, new Uint8Array(i.Columns * i.Rows)));
});

afterAll(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

describe('maskcue report', () => {
  it('reports one image and mask alone, creating the output folder', async () => {
    const out = join(root, 'out', 'alone');
    const files = await reportCommand({ image: slicePath, mask: join(root, 'mask.png'), label: 'nodule', out, json: true });
    expect(files.map((f) => f.kind).sort()).toEqual(['pdf', 'png', 'seg', 'sr']);
    if (hasPdftotext) expect(pdfText(join(out, 'report.pdf'))).toMatch(/not classified/i);
  });

  it('classifies one image with the active pack of a workspace', async () => {
    const out = join(root, 'out', 'classified');
    await reportCommand({ image: slicePath, mask: join(root, 'mask.png'), workspace: join(root, 'ws'), pack: 'active', out, deidentify: true });
    if (hasPdftotext) {
      const text = pdfText(join(out, 'report.pdf'));
      expect(text).toContain('tissue');
      expect(text).toMatch(/De-identified/);
    }
    expect(readFileSync(join(out, 'segmentation.dcm')).length).toBeGreaterThan(1000);
  });

  it('reports a workspace study with its accepted masks', async () => {
    const out = join(root, 'out', 'study');
    const files = await reportCommand({ workspace: join(root, 'ws'), study, out });
    expect(files).toHaveLength(4);
  });

  it('says what to give when the arguments do not make a report', async () => {
    const out = join(root, 'out', 'bad');
    expect((await rejectionOf(reportCommand({ out }))).message).toMatch(/either --workspace DIR --study UID, or --image FILE --mask/);
    expect((await rejectionOf(reportCommand({ image: slicePath, out }))).message).toMatch(/--mask/);
    expect((await rejectionOf(reportCommand({ image: slicePath, mask: join(root, 'empty.png'), out }))).message).toMatch(/empty/);
    expect((await rejectionOf(reportCommand({ image: slicePath, mask: join(root, 'mask.png'), pack: 'active', out }))).message).toMatch(/--workspace/);
  });
});
