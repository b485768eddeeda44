// The host's tensor cache: on its own (LRU by bytes), and through the host's handler with the real
// onnxruntime-node: outputs retained by one run feed the next, a copy goes back only when asked, a
// miss is NOT_FOUND, and cachePut / cacheDrop / configure do what they say.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor } from 'onnxruntime-node';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAddModel } from '../../../tests/fixtures/onnx/small-models';
import type { HostMessage, HostReply, HostRequest, RunResult, CacheStored } from '../protocol';
import { createHost } from './host';
import { TensorCache } from './tensor-cache';

function floats(values: number[]): Tensor {
  return new ort.Tensor('float32', Float32Array.from(values), [values.length]);
}

describe('TensorCache', () => {
  it('evicts least recently used entries past its byte bound, never the newest', () => {
    const cache = new TensorCache(32); // 8 floats
    expect(cache.put('a', new Map([['x', floats([1, 2, 3, 4])]])).evicted).toEqual([]);
    expect(cache.put('b', new Map([['x', floats([1, 2, 3, 4])]])).evicted).toEqual([]);
    cache.get('a', 'x'); // a is now the most recently used
    expect(cache.put('c', new Map([['x', floats([1, 2])]])).evicted).toEqual(['b']);
    expect(cache.has('a') && cache.has('c') && !cache.has('b')).toBe(true);
    const big = cache.put('d', new Map([['x', floats(Array.from({ length: 20 }, (_, i) => i))]]));
    expect(big.evicted).toEqual(['a', 'c']);
    expect(cache.has('d')).toBe(true);
    expect(cache.bytes).toBe(80);
  });

  it('names the missing tensor and drops entries by key or all at once', () => {
    const cache = new TensorCache();
    cache.put('k', new Map([['x', floats([1])]]));
    expect(() => cache.get('k', 'y')).toThrow(/cached tensor y of k is not in the inference host/);
    expect(() => cache.get('nope', 'x')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    cache.put('j', new Map([['x', floats([1])]]));
    expect(cache.drop(['k', 'zzz'])).toEqual(['k']);
    expect(cache.drop()).toEqual(['j']);
    expect(cache.bytes).toBe(0);
  });

  it('configure shrinks the cache at once', () => {
    const cache = new TensorCache();
    cache.put('a', new Map([['x', floats([1, 2])]]));
    cache.put('b', new Map([['x', floats([1, 2])]]));
    expect(cache.configure(8)).toEqual(['a']);
  });
});

describe('the host handler with a tensor cache', () => {
  let dir: string;
  let addPath: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'maskcue-tcache-'));
    addPath = join(dir, 'add.onnx');
    writeFileSync(addPath, buildAddModel());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function harness() {
    const posted: { message: HostMessage; transfer: ArrayBuffer[] }[] = [];
    const host = createHost({ post: (message, transfer) => posted.push({ message, transfer }) });
    const ask = async (request: HostRequest): Promise<HostReply> => {
      host.handle(request);
      await host.idle();
      const found = posted.find((p) => p.message.type === 'reply' && p.message.requestId === request.requestId);
      if (!found) throw new Error(`no reply to ${request.requestId}`);
      return found.message as HostReply;
    };
    return { ask, posted };
  }

  const f32 = (values: number[]) => ({ type: 'float32' as const, dims: [values.length], data: Float32Array.from(values) });

  it('retains outputs for later runs, sends them back only as a copy, and names a miss', async () => {
    const { ask, posted } = harness();
    await ask({ type: 'load', requestId: 'l', sessionId: 'add', modelPath: addPath, providers: ['cpu'] });
    const first = await ask({ type: 'run', requestId: 'r1', sessionId: 'add', feeds: { a: f32([1, 2]), b: f32([10, 20]) }, retain: { key: 'img1', outputs: ['sum'] } });
    if (!first.ok) throw new Error(first.error.message);
    const value = first.value as RunResult;
    expect(Object.keys(value.outputs)).toEqual(['doubled']);
    expect(value.retained).toMatchObject({ key: 'img1', names: ['sum'], bytes: 8, evicted: [] });

    // sum (kept in the host) + [100, 100]
    const second = await ask({ type: 'run', requestId: 'r2', sessionId: 'add', feeds: { b: f32([100, 100]) }, cached: { a: { key: 'img1', name: 'sum' } } });
    if (!second.ok) throw new Error(second.error.message);
    expect(Array.from((second.value as RunResult).outputs.sum!.data as Float32Array)).toEqual([111, 122]);

    const back = await ask({
      type: 'run',
      requestId: 'r3',
      sessionId: 'add',
      feeds: { a: f32([1]), b: f32([1]) },
      retain: { key: 'img2', outputs: ['sum', 'doubled'], sendBack: true },
      fetches: ['sum'],
    });
    if (!back.ok) throw new Error(back.error.message);
    const sent = (back.value as RunResult).outputs;
    expect(Object.keys(sent).sort()).toEqual(['doubled', 'sum']);
    // The reply's buffers are transferred; the cached tensors must not be the same buffers.
    const transfer = posted.find((p) => p.message.type === 'reply' && p.message.requestId === 'r3')!.transfer;
    expect(transfer).toContain((sent.sum!.data as Float32Array).buffer);
    const reuse = await ask({ type: 'run', requestId: 'r4', sessionId: 'add', feeds: {}, cached: { a: { key: 'img2', name: 'sum' }, b: { key: 'img2', name: 'doubled' } } });
    if (!reuse.ok) throw new Error(reuse.error.message);
    expect(Array.from((reuse.value as RunResult).outputs.sum!.data as Float32Array)).toEqual([6]);

    const miss = await ask({ type: 'run', requestId: 'r5', sessionId: 'add', feeds: { b: f32([1]) }, cached: { a: { key: 'gone', name: 'sum' } } });
    expect(miss).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const both = await ask({ type: 'run', requestId: 'r6', sessionId: 'add', feeds: { a: f32([1]), b: f32([1]) }, cached: { a: { key: 'img1', name: 'sum' } } });
    expect(both).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const badRetain = await ask({ type: 'run', requestId: 'r7', sessionId: 'add', feeds: { a: f32([1]), b: f32([1]) }, retain: { key: 'x', outputs: ['nope'] } });
    expect(badRetain).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/no output named nope/) } });
  });

  it('checks cached feeds against the session like wire feeds', async () => {
    const { ask } = harness();
    await ask({ type: 'load', requestId: 'l', sessionId: 'add', modelPath: addPath, providers: ['cpu'] });
    await ask({ type: 'cachePut', requestId: 'p', key: 'ints', tensors: { t: { type: 'int32', dims: [1], data: new Int32Array([1]) } } });
    const reply = await ask({ type: 'run', requestId: 'r', sessionId: 'add', feeds: { b: f32([1]) }, cached: { a: { key: 'ints', name: 't' } } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/must be float32, got int32/) } });
  });

  it('cachePut, cacheDrop and configure', async () => {
    const { ask } = harness();
    const put = await ask({ type: 'cachePut', requestId: 'p1', key: 'k1', tensors: { x: f32([1, 2, 3, 4]) } });
    expect(put).toMatchObject({ ok: true, value: { key: 'k1', names: ['x'], bytes: 16, evicted: [] } });
    await ask({ type: 'cachePut', requestId: 'p2', key: 'k2', tensors: { x: f32([1, 2, 3, 4]) } });
    expect(await ask({ type: 'configure', requestId: 'c', cacheMaxBytes: 20 })).toMatchObject({ ok: true });
    const p3 = await ask({ type: 'cachePut', requestId: 'p3', key: 'k3', tensors: { x: f32([1]) } });
    expect((p3 as { value: CacheStored }).value.evicted).toEqual([]);
    expect(await ask({ type: 'cacheDrop', requestId: 'd', keys: ['k1', 'k2', 'k3'] })).toMatchObject({ ok: true, value: { dropped: ['k2', 'k3'] } });
    expect(await ask({ type: 'configure', requestId: 'c2', cacheMaxBytes: -1 } as unknown as HostRequest)).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE' } });
  });
});
