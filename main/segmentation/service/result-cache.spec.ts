import { describe, expect, it } from 'vitest';
import { ResultCache, type StoredResult } from './result-cache';

function answer(maskBytes: number): Omit<StoredResult, 'resultId'> {
  return {
    target: { SOPInstanceUID: '1.2', frame: 0 },
    width: maskBytes,
    height: 1,
    mask: new Uint8Array(maskBytes),
    areaPx: 0,
    lowResLogits: { width: 2, height: 2, data: new Float32Array(4) },
    engine: 'growcut',
    modelId: 'growcut',
    greyRange: null,
  };
}

describe('ResultCache', () => {
  it('keeps the latest answers by count, the most recently used surviving', () => {
    const cache = new ResultCache(3, 1e9);
    const [a, b, c] = [cache.put(answer(1)), cache.put(answer(1)), cache.put(answer(1))];
    expect(new Set([a.resultId, b.resultId, c.resultId]).size).toBe(3);
    expect(cache.get(a.resultId)).toBe(a); // a is now the most recent
    const d = cache.put(answer(1));
    expect(cache.get(b.resultId)).toBeUndefined();
    expect([a, c, d].every((r) => cache.get(r.resultId) === r)).toBe(true);
    expect(cache.size).toBe(3);
  });

  it('keeps within a byte bound, but always holds the newest answer', () => {
    const cache = new ResultCache(100, 1000);
    const small = cache.put(answer(100)); // 116 bytes with its logits
    const big = cache.put(answer(2000));
    expect(cache.get(small.resultId)).toBeUndefined();
    expect(cache.get(big.resultId)).toBe(big);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
