// The tensor cache from main's side, across a real child-process host: a retaining run marks the key
// cached, later runs feed it by reference, eviction and a host restart make main forget it (the next
// run then misses with NOT_FOUND, which is how the segmentation engine learns to encode again).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskcueError } from '../../common/api';
import { buildAddModel } from '../../tests/fixtures/onnx/small-models';
import { InferenceHost } from './host-client';
import { ChildProcessTransport } from './transports/child-process';
import type { HostEntry, HostTransport } from './transports/transport';

let dir: string;
let addPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maskcue-client-cache-'));
  addPath = join(dir, 'add.onnx');
  writeFileSync(addPath, buildAddModel());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const f32 = (values: number[]) => ({ type: 'float32' as const, dims: [values.length], data: Float32Array.from(values) });

describe('InferenceHost tensor cache', () => {
  it('tracks retained keys, evictions under its byte bound, and forgets everything when the host restarts', async () => {
    const transports: HostTransport[] = [];
    const host = new InferenceHost({
      providers: ['cpu'],
      tensorCacheBytes: 16,
      transport: (entry: HostEntry) => {
        const t = new ChildProcessTransport(entry);
        transports.push(t);
        return t;
      },
    });
    try {
      const { sessionId } = await host.load(addPath, { providers: ['cpu'] });
      const first = await host.run(sessionId, { a: f32([1, 2]), b: f32([3, 4]) }, { retain: { key: 'one', outputs: ['sum'] }, fetches: ['doubled'] });
      expect(first.outputs.sum).toBeUndefined();
      expect(Array.from(first.outputs.doubled!.data as Float32Array)).toEqual([8, 12]);
      expect(host.isCached('one')).toBe(true);

      const second = await host.run(sessionId, { b: f32([10, 10]) }, { cached: { a: { key: 'one', name: 'sum' } }, fetches: ['sum'] });
      expect(Array.from(second.outputs.sum!.data as Float32Array)).toEqual([14, 16]);

      // 8 + 8 bytes fit the 16-byte bound that configure set; a third entry evicts the least recent.
      await host.cachePut('two', { x: f32([1, 2]) });
      const third = await host.cachePut('three', { x: f32([1]) });
      expect(third.evicted).toEqual(['one']);
      expect(host.isCached('one')).toBe(false);
      expect(host.isCached('two') && host.isCached('three')).toBe(true);

      const miss = await host.run(sessionId, { b: f32([1, 1]) }, { cached: { a: { key: 'one', name: 'sum' } } }).catch((e: unknown) => e);
      expect(miss).toBeInstanceOf(MaskcueError);
      expect((miss as MaskcueError).code).toBe('NOT_FOUND');

      expect(await host.cacheDrop(['two'])).toEqual(['two']);
      expect(host.isCached('two')).toBe(false);

      transports.at(-1)!.kill();
      for (let i = 0; i < 100 && host.status().restarts === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(host.status().restarts).toBe(1);
      expect(host.isCached('three')).toBe(false);
      // The restarted host got the same bound (configure is sent first to every host).
      await host.cachePut('a', { x: f32([1, 2]) });
      await host.cachePut('b', { x: f32([1, 2]) });
      expect((await host.cachePut('c', { x: f32([1]) })).evicted).toEqual(['a']);
    } finally {
      await host.close();
    }
  });
});
