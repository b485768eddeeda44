import { describe, expect, it } from 'vitest';
import type { DecodedFrame } from '../../../common/dicom';
import { FrameCache, frameBytes } from './frame-cache';

function frame(bytes: number): DecodedFrame {
  return { pixels: new Uint8Array(bytes), modalityLut: null, voiLut: null } as unknown as DecodedFrame;
}

describe('frame LRU', () => {
  const unit = frameBytes(frame(10_000));

  it('stays within its byte budget, dropping the least recently used first', () => {
    const cache = new FrameCache(unit * 3);
    for (const key of ['a', 'b', 'c']) cache.set(key, frame(10_000));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('d', frame(10_000));
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].every((k) => cache.get(k))).toBe(true);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.size).toBe(3);
  });

  it('never holds a frame larger than the whole budget', () => {
    const cache = new FrameCache(unit);
    cache.set('small', frame(10_000));
    cache.set('huge', frame(50_000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBeDefined();
  });

  it('counts a replaced entry once and forgets an instance on request', () => {
    const cache = new FrameCache(unit * 10);
    cache.set(FrameCache.key('1.2', 0), frame(10_000));
    cache.set(FrameCache.key('1.2', 0), frame(10_000));
    cache.set(FrameCache.key('1.2', 1), frame(10_000));
    cache.set(FrameCache.key('1.3', 0), frame(10_000));
    expect(cache.bytes).toBe(unit * 3);
    cache.deleteInstance('1.2');
    expect([cache.size, cache.bytes]).toEqual([1, unit]);
  });
});
