import { describe, expect, it } from 'vitest';
import type { DecodedFrame } from '../../../common/dicom';
import type { BinaryMask, FrameRef } from '../../../common/domain';
import { InteractiveSegmenter } from './interactive';
import { ResultCache } from './result-cache';
import { RecordingEngine, greyFrame } from './spec-support';

const A: FrameRef = { SOPInstanceUID: '1.1', frame: 0 };
const B: FrameRef = { SOPInstanceUID: '1.2', frame: 0 };

function setup(kind: 'growcut' | 'sam2' = 'growcut', frames: Record<string, DecodedFrame> = {}, accepted: Record<string, { target: FrameRef; mask: BinaryMask }> = {}) {
  const engine = new RecordingEngine(kind);
  const results = new ResultCache(4);
  const logged: string[] = [];
  const worked: FrameRef[] = [];
  const bright = (x: number, y: number) => ((x - 32) ** 2 + (y - 32) ** 2 <= 144 ? 200 : 40);
  const segmenter = new InteractiveSegmenter({
    engine: async () => engine,
    frame: async (SOPInstanceUID) => frames[SOPInstanceUID] ?? greyFrame(SOPInstanceUID, 64, 64, bright),
    results,
    accepted: async (id) => accepted[id] ?? null,
    worked: (_e, target) => worked.push(target),
    log: (m) => logged.push(m),
  });
  return { engine, results, segmenter, logged, worked };
}

describe('InteractiveSegmenter.segment', () => {
  it('windows the frame, keys its features by frame, window and model, and answers in contract form', async () => {
    const { engine, segmenter, worked } = setup('sam2');
    const answer = await segmenter.segment({ target: A, voi: { center: 100, width: 50 }, prompts: { points: [{ x: 32, y: 32, label: 1 }, { x: 90, y: 3, label: 0 }] } });
    const request = engine.requests[0]!;
    expect(request.cacheKey).toBe('1.1:0:window 100/50:tiny-sam');
    expect(request.image.grey![32 * 64 + 32]).toBe(255);
    expect(request.image.grey![0]).toBe(0);
    expect(answer).toMatchObject({ target: A, engine: 'sam2', modelId: 'tiny-sam', provider: 'cpu', score: 0.5, times: { encodeMs: 1, decodeMs: 2 } });
    expect(answer.areaPx).toBe(113);
    expect(answer.ignored).toEqual([{ x: 90, y: 3, reason: 'outside' }]);
    expect(worked).toEqual([A]);
    // The file's window when none is given; GrowCut answers with no model id.
    const growcut = setup('growcut');
    const plain = await growcut.segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 32, y: 32, label: 1 }] } });
    expect(growcut.engine.requests[0]!.cacheKey).toBe('1.1:0:window 127.5/256:growcut');
    expect(plain.modelId).toBeNull();
  });

  it('feeds back the previous answer on the same frame, skips a forgotten one, refuses one from another frame', async () => {
    const { engine, segmenter, logged } = setup();
    const one = await segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 32, y: 32, label: 1 }] } });
    await segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 32, y: 32, label: 1 }] }, previous: one.resultId });
    expect(engine.requests[1]!.previous?.lowResLogits.data[0]).toBe(1);
    await segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 32, y: 32, label: 1 }] }, previous: 'forgotten' });
    expect(engine.requests[2]!.previous).toBeUndefined();
    expect(logged.join()).toMatch(/no longer held/);
    await expect(segmenter.segment({ target: B, voi: null, prompts: { points: [{ x: 3, y: 3, label: 1 }] }, previous: one.resultId })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('refuses prompts that all fall outside the image, and no prompts at all', async () => {
    const { engine, segmenter } = setup();
    await expect(segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 64, y: 3, label: 1 }] } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'The click is outside the image; click inside it.',
    });
    await expect(segmenter.segment({ target: A, voi: null, prompts: { points: [], box: { x1: -50, y1: -50, x2: -10, y2: -10 } } })).rejects.toMatchObject({
      message: 'The click is outside the image; click inside it.',
    });
    await expect(segmenter.segment({ target: A, voi: null, prompts: { points: [] } })).rejects.toMatchObject({ message: /Nothing to segment from/ });
    expect(engine.requests).toEqual([]);
  });
});

describe('InteractiveSegmenter.propagate', () => {
  it('carries a GrowCut answer by its interior points and box; SAM2 by box and logits', async () => {
    const growcut = setup('growcut');
    const one = await growcut.segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 32, y: 32, label: 1 }] } });
    const carried = await growcut.segmenter.propagate({ from: one.resultId, target: B, voi: null });
    expect(carried.target).toEqual(B);
    expect(carried.resultId).not.toBe(one.resultId);
    const request = growcut.engine.requests[1]!;
    expect(request.cacheKey.startsWith('1.2:0:')).toBe(true);
    expect(request.previous).toBeUndefined();
    expect(request.prompts.points[0]).toEqual({ x: 32, y: 32, label: 1 });
    expect(request.prompts.box).toEqual({ x1: 23, y1: 23, x2: 41, y2: 41 });

    const sam2 = setup('sam2');
    const two = await sam2.segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 32, y: 32, label: 1 }] } });
    await sam2.segmenter.propagate({ from: two.resultId, target: B, voi: null });
    expect(sam2.engine.requests[1]!.prompts.points).toEqual([]);
    expect(sam2.engine.requests[1]!.previous?.lowResLogits.data[0]).toBe(1);
  });

  it('answers with an empty mask where the finding ends, which cannot be carried further', async () => {
    const dark = greyFrame(B.SOPInstanceUID, 64, 64, () => 40);
    const { engine, segmenter, logged } = setup('growcut', { [B.SOPInstanceUID]: dark });
    const one = await segmenter.segment({ target: A, voi: null, prompts: { points: [{ x: 32, y: 32, label: 1 }] } });
    const ended = await segmenter.propagate({ from: one.resultId, target: B, voi: null });
    expect(ended).toMatchObject({ areaPx: 0, score: 0, engine: 'growcut', target: B });
    expect(ended.mask.data.every((v) => v === 0)).toBe(true);
    expect(ended.ignored).toEqual([]);
    expect(logged.join('\n')).toMatch(/1\.2 frame 0: nothing carried: .*grey 41, where the mask covered 201–201/);
    expect(engine.requests.length).toBe(1);
    await expect(segmenter.propagate({ from: ended.resultId, target: A, voi: null })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Nothing to carry: the mask on this slice is empty.',
    });
    await expect(segmenter.propagate({ from: 'gone', target: A, voi: null })).rejects.toMatchObject({ code: 'NOT_FOUND', message: /neither a recent answer .* nor an accepted segment/ });
  });

  it('carries an accepted segment by its id: its saved mask, with logits made from it', async () => {
    const data = new Uint8Array(64 * 64);
    for (let y = 26; y < 38; y += 1) for (let x = 26; x < 38; x += 1) data[y * 64 + x] = 1;
    const { engine, segmenter } = setup('sam2', {}, { 'seg-1': { target: A, mask: { width: 64, height: 64, data } } });
    const carried = await segmenter.propagate({ from: 'seg-1', target: B, voi: null });
    expect(carried.target).toEqual(B);
    const request = engine.requests[0]!;
    expect(request.prompts.box).toEqual({ x1: 23, y1: 23, x2: 40, y2: 40 });
    const logits = request.previous!.lowResLogits;
    expect([logits.width, logits.height]).toEqual([256, 256]);
    expect(logits.data[128 * 256 + 128]).toBe(10);
    expect(logits.data[0]).toBe(-10);
  });
});
