// Every SAM2 export family end to end through a real inference host (child process, CPU) with tiny
// models that have the families' exact I/O (tests/fixtures/onnx/sam2). The tiny decoders compute a
// known rule of their inputs, so comparing the engine's low-res logits with the reference proves the
// feeds: coordinate mapping on a non-square image, label values and dtypes, no padding point, box
// encoding, mask-input refinement, mask choice, and the upsampling/threshold against ORT's Resize.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import { TINY_FAMILIES, writeTinyFamily, type TinyFamily } from '../../../tests/fixtures/onnx/sam2/families';
import { clampLogits, referenceIou, referenceLowRes, type ReferencePrompts } from '../../../tests/fixtures/onnx/sam2/reference';
import { TINY_INPUT, TINY_LOW_RES } from '../../../tests/fixtures/onnx/sam2/tiny-rule';
import { InferenceHost } from '../../inference/host-client';
import { ChildProcessTransport } from '../../inference/transports/child-process';
import type { HostEntry } from '../../inference/transports/transport';
import { createInlineCompute } from '../compute/compute';
import { resizeLogits } from '../image/logits';
import { toModelInput } from '../image/model-input';
import type { SegmentImage, SegmentRequest } from '../types';
import { Sam2Engine } from './sam2-engine';

const W = 96;
const H = 48;
/** Frame scale: x · 64/96, y · 64/48 — different on each axis, so a swapped axis shows. */
const SX = TINY_INPUT / W;
const SY = TINY_INPUT / H;

const MASKS: Record<TinyFamily, number> = { samexporter: 3, ibaigorordo: 1, rectlabel: 4, 'ms-ort': 3, 'onnx-community': 3 };
const HAS_MASK_INPUT: Record<TinyFamily, boolean> = { samexporter: true, ibaigorordo: true, rectlabel: true, 'ms-ort': true, 'onnx-community': false };

function testImage(): SegmentImage {
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y += 1) {
    for (let x = 0; x < W; x += 1) {
      const i = (y * W + x) * 3;
      rgb[i] = (x * 255) / (W - 1);
      rgb[i + 1] = (y * 255) / (H - 1);
      rgb[i + 2] = 40;
    }
  }
  return { width: W, height: H, rgb };
}

function toFrame(p: ReferencePrompts): ReferencePrompts {
  return {
    points: p.points.map((q) => ({ x: q.x * SX, y: q.y * SY, label: q.label })),
    box: p.box ? { x1: p.box.x1 * SX, y1: p.box.y1 * SY, x2: p.box.x2 * SX, y2: p.box.y2 * SY } : null,
  };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 1) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/**
 * Pixels where the engine's mask differs from the reference logits upsampled (bilinear,
 * align_corners=False) and thresholded — not counting pixels sitting on the zero crossing itself,
 * where float32 in the graph and float64 here may round either way.
 */
function mismatches(mask: Uint8Array, logits: Float32Array): number {
  const up = resizeLogits(logits, TINY_LOW_RES, TINY_LOW_RES, W, H);
  let n = 0;
  for (let i = 0; i < mask.length; i += 1) if (mask[i] !== (up[i]! > 0 ? 1 : 0) && Math.abs(up[i]!) > 1e-3) n += 1;
  return n;
}

let root: string;
let host: InferenceHost;
const compute = createInlineCompute();
const image = testImage();
const modelInput = toModelInput(image, { width: TINY_INPUT, height: TINY_INPUT });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maskcue-sam2-'));
  host = new InferenceHost({ transport: 'child-process', providers: ['cpu'] });
});
afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

async function open(family: TinyFamily, featureDir: string | null = null): Promise<Sam2Engine> {
  const files = writeTinyFamily(join(root, family), family);
  return Sam2Engine.open({ host, compute, modelId: `tiny-${family}`, encoderPath: files.encoder, decoderPath: files.decoder, fingerprint: 'test', featureDir });
}

describe.each(TINY_FAMILIES)('SAM2 family %s', (family) => {
  const count = MASKS[family];
  let engine: Sam2Engine;
  beforeAll(async () => {
    engine = await open(family);
  });
  afterAll(() => engine.close());

  const request = (prompts: SegmentRequest['prompts'], extra: Partial<SegmentRequest> = {}): SegmentRequest => ({
    image,
    cacheKey: 'img-1',
    prompts,
    ...extra,
  });

  /**
   * Low-res grid the engine should return for mask `k`: clamped to ±32 where the family's low-res
   * output is (all but onnx-community; ibaiGorordo has none and upsamples the unclamped logits).
   */
  function expected(prompts: ReferencePrompts, k: number, maskInput: Float32Array | null = null): Float32Array {
    const m2 = TINY_LOW_RES * TINY_LOW_RES;
    const all = referenceLowRes(toFrame(prompts), count, maskInput).slice(k * m2, (k + 1) * m2);
    return family === 'onnx-community' || family === 'ibaigorordo' ? all : clampLogits(all);
  }

  it('is detected, with its geometry read from the metadata', () => {
    expect(engine.family).toBe(family);
    expect(engine.provider).toBe('cpu');
    expect(engine.geometry).toMatchObject({ inputWidth: 64, inputHeight: 64, maskWidth: 16, maskHeight: 16 });
  });

  it('one include click: coordinates x·S/W, y·S/H, label 1, no padding point, best multimask by IoU', async () => {
    const click = { x: 30, y: 20, label: 1 as const };
    const result = await engine.segment(request({ points: [click] }));
    // 3 masks → the middle token (IoU 0.9); 4 → token 2 (best of the multimask 1..3); 1 → 0.
    const k = count === 1 ? 0 : count === 4 ? 2 : 1;
    const want = expected({ points: [click], box: null }, k);
    if (family === 'ibaigorordo') {
      // Only full-size masks come back; the fed-back grid is their shrink, close to the real one.
      expect(maxDiff(result.lowResLogits.data, clampLogits(want))).toBeLessThan(8);
    } else {
      expect(maxDiff(result.lowResLogits.data, want)).toBeLessThan(1e-3);
    }
    // The mask is the bilinear (align_corners=False) upsample of the logits, > 0 — for ibaiGorordo
    // computed by ORT's Resize in the graph, which our upsampler must agree with.
    expect(mismatches(result.mask, want)).toBe(0);
    expect(result.mask.length).toBe(W * H);
    expect(result.mask[20 * W + 30]).toBe(1);
    expect(result.mask[0]).toBe(0);
    expect(result.score).toBeCloseTo(referenceIou(count, k, modelInput), 4);
    expect(result.alternatives).toBe(count === 1 ? 1 : 3);
    expect(result).toMatchObject({ engine: 'sam2', family, provider: 'cpu', alternative: 0, maskInputUsed: false });
  });

  it('cycles through the alternatives in IoU order', async () => {
    if (count === 1) return;
    const click = { x: 30, y: 20, label: 1 as const };
    const second = await engine.segment(request({ points: [click] }, { alternative: 1 }));
    // IoU order of the multimask tokens: 0.9, 0.75, 0.6 → offsets +20, −10, 0.
    const k = count === 4 ? 3 : 2;
    if (family !== 'ibaigorordo') expect(maxDiff(second.lowResLogits.data, expected({ points: [click], box: null }, k))).toBeLessThan(1e-3);
    expect(second.alternative).toBe(1);
    const wrapped = await engine.segment(request({ points: [click] }, { alternative: 3 }));
    expect(wrapped.alternative).toBe(0);
  });

  it('include + exclude clicks: label 0 subtracts, and two prompts take the single-mask token where there is one', async () => {
    const points = [
      { x: 30, y: 20, label: 1 as const },
      { x: 36, y: 22, label: 0 as const },
    ];
    const result = await engine.segment(request({ points }));
    const k = count === 4 ? 0 : count === 1 ? 0 : 1;
    const want = expected({ points, box: null }, k);
    if (family !== 'ibaigorordo') expect(maxDiff(result.lowResLogits.data, want)).toBeLessThan(1e-3);
    expect(mismatches(result.mask, want)).toBe(0);
    expect(result.mask[22 * W + 36]).toBe(0);
  });

  it('a box alone: corners as labels 2/3 (or input_boxes), in the frame', async () => {
    const box = { x1: 50, y1: 10, x2: 80, y2: 40 };
    const result = await engine.segment(request({ points: [], box }));
    const k = count === 1 ? 0 : count === 4 ? 2 : 1;
    const want = expected({ points: [], box }, k);
    if (family !== 'ibaigorordo') expect(maxDiff(result.lowResLogits.data, want)).toBeLessThan(1e-3);
    expect(result.mask[25 * W + 65]).toBe(1);
    expect(result.mask[25 * W + 20]).toBe(0);
  });

  it('feeds the previous low-res logits back as mask input where the family has one', async () => {
    const click = { x: 30, y: 20, label: 1 as const };
    // A region far from the click that only the mask input can switch on.
    const previous = new Float32Array(TINY_LOW_RES * TINY_LOW_RES);
    for (let i = 10; i < 14; i += 1) for (let j = 12; j < 15; j += 1) previous[i * TINY_LOW_RES + j] = 50;
    const result = await engine.segment(request({ points: [click] }, { previous: { lowResLogits: { width: 16, height: 16, data: previous } } }));
    expect(result.maskInputUsed).toBe(HAS_MASK_INPUT[family]);
    const k = count === 1 ? 0 : count === 4 ? 2 : 1;
    const want = expected({ points: [click], box: null }, k, HAS_MASK_INPUT[family] ? previous : null);
    if (family !== 'ibaigorordo') expect(maxDiff(result.lowResLogits.data, want)).toBeLessThan(1e-3);
    // Cell (12, 13) of the grid is around pixel (81, 37) of the 96 × 48 image.
    expect(result.mask[37 * W + 81]).toBe(HAS_MASK_INPUT[family] ? 1 : 0);
  });

  it('chains clicks through the mask the host kept, with the same answer as sending it in', async () => {
    const first = await engine.segment(request({ points: [{ x: 30, y: 20, label: 1 }] }));
    const second = { points: [{ x: 30, y: 20, label: 1 as const }, { x: 60, y: 30, label: 0 as const }] };
    // Same object as the last answer → fed by reference from the host; a copy → sent in as data.
    const chained = await engine.segment(request(second, { previous: { lowResLogits: first.lowResLogits } }));
    const sent = await engine.segment(request(second, { previous: { lowResLogits: { ...first.lowResLogits, data: first.lowResLogits.data.slice() } } }));
    expect(chained.maskInputUsed).toBe(HAS_MASK_INPUT[family]);
    expect(maxDiff(chained.lowResLogits.data, sent.lowResLogits.data)).toBe(0);
    expect([...chained.mask]).toEqual([...sent.mask]);
  });

  it('encodes once per cache key, then decodes from the host cache', async () => {
    const before = engine.stats();
    const first = await engine.segment(request({ points: [{ x: 10, y: 10, label: 1 }] }, { cacheKey: 'img-2' }));
    const second = await engine.segment(request({ points: [{ x: 12, y: 10, label: 1 }] }, { cacheKey: 'img-2' }));
    expect(first.features).toBe('encoded');
    expect(second.features).toBe('memory');
    expect(second.times.encodeMs).toBe(0);
    expect(engine.stats().encodes - before.encodes).toBe(1);
  });

  it('ignores a click outside the image with a reason, and refuses when nothing is left', async () => {
    const result = await engine.segment(request({ points: [{ x: 30, y: 20, label: 1 }, { x: 200, y: 5, label: 0 }] }));
    expect(result.ignored).toEqual([{ prompt: 'point', index: 1, reason: expect.stringMatching(/outside the 96 × 48 image/) }]);
    const error = await engine.segment(request({ points: [{ x: -1, y: 5, label: 1 }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaskcueError);
    expect((error as MaskcueError).code).toBe('INVALID_ARGUMENT');
  });
});

describe('SAM2 engine caches', () => {
  it('re-encodes transparently when the host lost the features, and reads them back from disk', async () => {
    const featureDir = join(root, 'features');
    const first = await open('samexporter', featureDir);
    const a = await first.segment({ image, cacheKey: 'disk-1', prompts: { points: [{ x: 30, y: 20, label: 1 }] } });
    expect(a.features).toBe('encoded');
    await host.cacheDrop(); // as if evicted or the host restarted
    const b = await first.segment({ image, cacheKey: 'disk-1', prompts: { points: [{ x: 30, y: 20, label: 1 }] } });
    expect(b.features).toBe('disk');
    expect(b.mask).toEqual(a.mask);
    await first.close();

    const second = await open('samexporter', featureDir);
    const c = await second.segment({ image, cacheKey: 'disk-1', prompts: { points: [{ x: 30, y: 20, label: 1 }] } });
    expect(c.features).toBe('disk');
    expect(c.lowResLogits.data).toEqual(a.lowResLogits.data);
    await second.close();
  });

  it('prefetch encodes ahead, so the click after it is a memory hit', async () => {
    const engine = await open('rectlabel');
    await engine.prefetch(image, 'ahead');
    const r = await engine.segment({ image, cacheKey: 'ahead', prompts: { points: [{ x: 30, y: 20, label: 1 }] } });
    expect(r.features).toBe('memory');
    await engine.close();
  });
});

describe('SAM2 engine and the inference host', () => {
  it('chains clicks in a worker-thread host, whose replies move their buffers instead of copying them', async () => {
    const own = new InferenceHost({ providers: ['cpu'], transport: 'worker' });
    const files = writeTinyFamily(join(root, 'worker'), 'samexporter');
    const engine = await Sam2Engine.open({ host: own, compute, modelId: 'worker', encoderPath: files.encoder, decoderPath: files.decoder, fingerprint: 'w' });
    let previous: SegmentRequest['previous'];
    const masks: Uint8Array[] = [];
    for (const x of [30, 34, 38]) {
      const r = await engine.segment({ image, cacheKey: 'w', prompts: { points: [{ x, y: 20, label: 1 }] }, previous });
      expect(r.maskInputUsed).toBe(previous !== undefined);
      masks.push(r.mask);
      previous = { lowResLogits: r.lowResLogits };
    }
    expect(masks.every((m) => m.some((v) => v === 1))).toBe(true);
    await engine.close();
    await own.close();
  });

  it('survives a host crash between clicks: the next click encodes again and answers', async () => {
    const transports: ChildProcessTransport[] = [];
    const own = new InferenceHost({
      providers: ['cpu'],
      transport: (entry: HostEntry) => {
        const t = new ChildProcessTransport(entry);
        transports.push(t);
        return t;
      },
    });
    const files = writeTinyFamily(join(root, 'crash'), 'samexporter');
    const engine = await Sam2Engine.open({ host: own, compute, modelId: 'crash', encoderPath: files.encoder, decoderPath: files.decoder, fingerprint: 'x' });
    const request = { image, cacheKey: 'c', prompts: { points: [{ x: 30, y: 20, label: 1 as const }] } };
    const before = await engine.segment(request);
    transports.at(-1)!.kill();
    for (let i = 0; i < 100 && own.status().restarts === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    const after = await engine.segment(request);
    expect(after.features).toBe('encoded');
    expect(after.mask).toEqual(before.mask);
    await engine.close();
    await own.close();
  });
});
