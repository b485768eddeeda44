import { describe, expect, it } from 'vitest';
import { checkTensor, parseHostMessage, parseHostRequest } from './protocol-validate';

function refused(message: unknown) {
  const parsed = parseHostRequest(message);
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(message)}`);
  expect(parsed.error.code).toBe('MALFORMED_MESSAGE');
  return parsed;
}

describe('parseHostRequest', () => {
  it('accepts each request kind', () => {
    const run = {
      type: 'run',
      requestId: 'r1',
      sessionId: 's',
      feeds: {
        x: { type: 'float32', dims: [2, 2], data: new Float32Array(4) },
        ids: { type: 'int64', dims: [3], data: new BigInt64Array(3) },
        mask: { type: 'bool', dims: [1], data: new Uint8Array(1) },
        words: { type: 'string', dims: [2], data: ['a', 'b'] },
      },
      fetches: ['y'],
    };
    expect(parseHostRequest(run)).toEqual({ ok: true, value: run });
    expect(parseHostRequest({ type: 'probe', requestId: 'p', providers: ['cuda', 'cpu'] }).ok).toBe(true);
    expect(
      parseHostRequest({
        type: 'load',
        requestId: 'l',
        sessionId: 's',
        modelPath: '/m.onnx',
        providers: ['cpu'],
        tuning: { intraOpNumThreads: 2, graphOptimizationLevel: 'all', freeDimensionOverrides: { batch: 1 } },
      }),
    ).toMatchObject({ ok: true, value: { tuning: { intraOpNumThreads: 2 } } });
    expect(parseHostRequest({ type: 'unload', requestId: 'u', sessionId: 's' }).ok).toBe(true);
    expect(parseHostRequest({ type: 'cancel', requestId: 'c', target: 'r1' }).ok).toBe(true);
    expect(parseHostRequest({ type: 'shutdown', requestId: 'shutdown' })).toEqual({ ok: true, value: { type: 'shutdown', requestId: 'shutdown' } });
  });

  it('refuses what is not a request, keeping the requestId when there is one to answer', () => {
    expect(refused(null).requestId).toBeNull();
    expect(refused('probe').requestId).toBeNull();
    expect(refused([1, 2]).requestId).toBeNull();
    expect(refused({ type: 'probe', providers: ['cpu'] }).requestId).toBeNull();
    expect(refused({ type: 'probe', requestId: '', providers: ['cpu'] }).requestId).toBeNull();
    expect(refused({ type: 'explode', requestId: 'e1' })).toMatchObject({ requestId: 'e1' });
    expect(refused({ type: 'explode', requestId: 'e1' }).error.message).toMatch(/unknown request type "explode"/);
  });

  it('names the field that is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'probe', requestId: 'a', providers: [] }, /providers/],
      [{ type: 'probe', requestId: 'a', providers: ['tpu'] }, /"tpu"/],
      [{ type: 'load', requestId: 'a', sessionId: 's', providers: ['cpu'] }, /modelPath/],
      [{ type: 'load', requestId: 'a', sessionId: 's', modelPath: '/m', providers: ['cpu'], tuning: { logId: 'x' } }, /tuning.logId/],
      [{ type: 'load', requestId: 'a', sessionId: 's', modelPath: '/m', providers: ['cpu'], tuning: { intraOpNumThreads: -1 } }, /intraOpNumThreads/],
      [{ type: 'run', requestId: 'a', sessionId: 's', feeds: null }, /feeds/],
      [{ type: 'run', requestId: 'a', feeds: {} }, /sessionId/],
      [{ type: 'run', requestId: 'a', sessionId: 's', feeds: {}, fetches: [1] }, /fetches/],
      [{ type: 'cancel', requestId: 'a' }, /target/],
      [{ type: 'unload', requestId: 'a', sessionId: 'x'.repeat(200) }, /sessionId/],
    ];
    for (const [message, pattern] of cases) expect(refused(message).error.message).toMatch(pattern);
  });
});

describe('checkTensor', () => {
  it('wants the typed array onnxruntime uses for the type', () => {
    expect(() => checkTensor({ type: 'float32', dims: [2], data: [1, 2] }, 'x')).toThrow(/Float32Array/);
    expect(() => checkTensor({ type: 'int64', dims: [1], data: new Int32Array(1) }, 'x')).toThrow(/BigInt64Array/);
    expect(() => checkTensor({ type: 'float16', dims: [1], data: new Uint16Array(1) }, 'x')).not.toThrow();
    expect(() => checkTensor({ type: 'string', dims: [1], data: [1] }, 'x')).toThrow(/strings/);
    expect(() => checkTensor({ type: 'complex64', dims: [1], data: new Float32Array(2) }, 'x')).toThrow(/not a tensor type/);
  });

  it('wants length = product of dims, and sane dims', () => {
    expect(() => checkTensor({ type: 'float32', dims: [2, 3], data: new Float32Array(5) }, 'feeds.x')).toThrow(
      /feeds.x has 5 elements but dims \[2, 3\] need 6/,
    );
    expect(() => checkTensor({ type: 'float32', dims: [-1], data: new Float32Array(1) }, 'x')).toThrow(/dims/);
    expect(() => checkTensor({ type: 'float32', dims: [1.5], data: new Float32Array(1) }, 'x')).toThrow(/dims/);
    expect(() => checkTensor({ type: 'float32', dims: [], data: new Float32Array(1) }, 'x')).not.toThrow();
    expect(() => checkTensor({ type: 'float32', dims: [0, 4], data: new Float32Array(0) }, 'x')).not.toThrow();
  });
});

describe('parseHostMessage', () => {
  it('routes replies and the ready signal, and rejects anything else', () => {
    expect(parseHostMessage({ type: 'ready', pid: 1, channel: 'worker' })).toMatchObject({ type: 'ready' });
    expect(parseHostMessage({ type: 'reply', requestId: 'a', ok: true, value: { unloaded: true } })).toMatchObject({ ok: true });
    expect(parseHostMessage({ type: 'reply', requestId: null, ok: false, error: { code: 'MALFORMED_MESSAGE', message: 'm' } })).toMatchObject({
      ok: false,
    });
    expect(parseHostMessage({ type: 'reply', requestId: 'a', ok: false })).toBeNull();
    expect(parseHostMessage({ type: 'reply', requestId: 'a', ok: true })).toBeNull();
    expect(parseHostMessage({ type: 'reply', requestId: 5, ok: true, value: 1 })).toBeNull();
    expect(parseHostMessage('ready')).toBeNull();
  });
});

describe('tensor-cache requests', () => {
  it('accepts retain, cached feeds, cachePut, cacheDrop and configure', () => {
    const run = parseHostRequest({
      type: 'run',
      requestId: 'r',
      sessionId: 's',
      feeds: {},
      cached: { image_embed: { key: 'k', name: 'image_embed' } },
      retain: { key: 'k2', outputs: ['a', 'b'], sendBack: true },
      fetches: [],
    });
    expect(run).toMatchObject({ ok: true, value: { cached: { image_embed: { key: 'k', name: 'image_embed' } }, retain: { key: 'k2', outputs: ['a', 'b'], sendBack: true }, fetches: [] } });
    expect(parseHostRequest({ type: 'cachePut', requestId: 'p', key: 'k', tensors: { x: { type: 'float32', dims: [1], data: new Float32Array(1) } } })).toMatchObject({ ok: true });
    expect(parseHostRequest({ type: 'cacheDrop', requestId: 'd' })).toEqual({ ok: true, value: { type: 'cacheDrop', requestId: 'd' } });
    expect(parseHostRequest({ type: 'configure', requestId: 'c', cacheMaxBytes: 1024 })).toMatchObject({ ok: true });
  });

  it('refuses malformed ones, naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'run', requestId: 'a', sessionId: 's', feeds: {}, cached: { x: 'k' } }, /cached\.x must be \{key, name\}/],
      [{ type: 'run', requestId: 'a', sessionId: 's', feeds: {}, cached: { x: { key: '', name: 'n' } } }, /cached\.x\.key/],
      [{ type: 'run', requestId: 'a', sessionId: 's', feeds: {}, retain: { key: 'k', outputs: [] } }, /retain\.outputs must name at least one output/],
      [{ type: 'run', requestId: 'a', sessionId: 's', feeds: {}, retain: { key: 'k', outputs: ['a'], sendBack: 'yes' } }, /sendBack/],
      [{ type: 'cachePut', requestId: 'a', key: 'k', tensors: { x: { type: 'float32', dims: [2], data: new Float32Array(1) } } }, /tensors\.x has 1 elements/],
      [{ type: 'cacheDrop', requestId: 'a', keys: [3] }, /keys\[0\]/],
      [{ type: 'configure', requestId: 'a', cacheMaxBytes: 1.5 }, /cacheMaxBytes/],
    ];
    for (const [message, pattern] of cases) {
      const parsed = parseHostRequest(message);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.message).toMatch(pattern);
    }
  });
});
