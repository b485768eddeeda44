import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import { candidateOrder, selectCandidate } from './select';

const K = 3;
const H = 2;
const W = 2;
// Candidate i's grid is filled with i + 1, so the slice kept says which one it was.
const masks = () => new ort.Tensor('float32', Float32Array.from({ length: K * H * W }, (_, i) => Math.floor(i / (H * W)) + 1), [1, K, H, W]);
const scores = () => new ort.Tensor('float32', Float32Array.from([0.2, 0.9, 0.5]), [1, K]);
const spec = { output: 'masks', scores: 'iou', candidates: [0, 1, 2], lead: null, rank: 0 };

describe('host-side candidate select', () => {
  it('orders by score, lead first when given, ties by index', () => {
    expect(candidateOrder([0.2, 0.9, 0.5], { candidates: [0, 1, 2], lead: null })).toEqual([1, 2, 0]);
    expect(candidateOrder([0.2, 0.9, 0.5, 0.1], { candidates: [1, 2, 3], lead: 0 })).toEqual([0, 1, 2, 3]);
    expect(candidateOrder([0.5, 0.5], { candidates: [1, 0], lead: null })).toEqual([0, 1]);
    expect(candidateOrder([0.1], { candidates: [], lead: 0 })).toEqual([0]);
  });

  it('keeps only the chosen candidate, with the candidate axis of size 1, and a [1,1,h,w] grid', () => {
    const best = selectCandidate(ort, masks(), scores(), spec);
    expect(best.index).toBe(1);
    expect(best.tensor.dims).toEqual([1, 1, H, W]);
    expect([...(best.tensor.data as Float32Array)]).toEqual([2, 2, 2, 2]);
    expect(best.grid.dims).toEqual([1, 1, H, W]);
    // The reply transfers tensor's buffer (worker host); the grid stays in the cache, so not the same one.
    expect((best.grid.data as Float32Array).buffer).not.toBe((best.tensor.data as Float32Array).buffer);
    // rank walks the order and wraps
    expect(selectCandidate(ort, masks(), scores(), { ...spec, rank: 1 }).index).toBe(2);
    expect(selectCandidate(ort, masks(), scores(), { ...spec, rank: 3 }).index).toBe(1);
  });

  it('works on onnx-community 5-D masks [batch, point_batch, K, h, w]', () => {
    const five = new ort.Tensor('float32', masks().data as Float32Array, [1, 1, K, H, W]);
    const picked = selectCandidate(ort, five, new ort.Tensor('float32', Float32Array.from([0.1, 0.2, 0.7]), [1, 1, K]), spec);
    expect(picked.index).toBe(2);
    expect(picked.tensor.dims).toEqual([1, 1, 1, H, W]);
  });

  it('refuses what it cannot rank, naming the output', () => {
    const wrong = new ort.Tensor('float32', Float32Array.from([1, 2]), [1, 2]);
    expect(() => selectCandidate(ort, masks(), wrong, spec)).toThrow(/Scores iou must be float32 \[\.\.\., 3\]/);
    expect(() => selectCandidate(ort, masks(), scores(), { ...spec, candidates: [0, 5] })).toThrow(MaskcueError);
    expect(() => selectCandidate(ort, wrong, scores(), spec)).toThrow(/\[\.\.\., K, h, w\]/);
  });
});
