// The segmentation worker gives the same answers as the inline pixel work, off this thread.
import { afterAll, describe, expect, it } from 'vitest';
import { createInlineCompute } from './compute';
import { WorkerCompute } from './worker-compute';

const worker = new WorkerCompute();
const inline = createInlineCompute();
afterAll(() => worker.close());

describe('WorkerCompute', () => {
  it('matches the inline model input, mask and GrowCut', async () => {
    const grey = Uint8Array.from({ length: 120 * 90 }, (_, i) => ((i % 120) - 60) ** 2 + (Math.floor(i / 120) - 45) ** 2 < 400 ? 190 : 60);
    const image = { width: 120, height: 90, grey };
    expect(await worker.modelInput(image, 64, 64)).toEqual(await inline.modelInput(image, 64, 64));
    const logits = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i / 7));
    expect(await worker.maskFromLowRes(logits, 16, 16, 120, 90)).toEqual(await inline.maskFromLowRes(logits, 16, 16, 120, 90));
    const job = { grey, width: 120, height: 90, prompts: { points: [{ x: 60, y: 45, label: 1 as const }], box: null } };
    const [a, b] = await Promise.all([worker.growCut(job), inline.growCut(job)]);
    expect(a.mask).toEqual(b.mask);
    expect(a.score).toBe(b.score);
  });

  it('reports a failure in the worker as an error and keeps working', async () => {
    await expect(worker.modelInput({ width: 2, height: 2 } as never, 4, 4)).rejects.toThrow(/Segmentation failed/);
    expect((await worker.maskFromLowRes(new Float32Array(4).fill(1), 2, 2, 3, 3)).length).toBe(9);
  });
});
