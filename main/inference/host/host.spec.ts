// The host's handler in this process, with a fake port and the real onnxruntime-node (tiny models, so
// blocking this thread for a moment is fine here; the cross-process behaviour is in tests/integration).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskcueError } from '../../../common/api';
import { buildAddModel, buildIdentityModel } from '../../../tests/fixtures/onnx/small-models';
import type { HostMessage, HostReply, HostRequest } from '../protocol';
import { createHost } from './host';

interface Posted {
  message: HostMessage;
  transfer: ArrayBuffer[];
}

function harness(options: Parameters<typeof createHost>[1] = {}) {
  const posted: Posted[] = [];
  const host = createHost({ post: (message, transfer) => posted.push({ message, transfer }) }, options);
  const replyTo = (requestId: string | null): HostReply => {
    const found = posted.find((p) => p.message.type === 'reply' && p.message.requestId === requestId);
    if (!found) throw new Error(`no reply to ${requestId}`);
    return found.message as HostReply;
  };
  const ask = async (request: HostRequest): Promise<HostReply> => {
    host.handle(request);
    await host.idle();
    return replyTo(request.requestId);
  };
  return { host, posted, replyTo, ask };
}

let dir: string;
let addPath: string;
let int64Path: string;
let corruptPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maskcue-host-'));
  addPath = join(dir, 'add.onnx');
  writeFileSync(addPath, buildAddModel());
  int64Path = join(dir, 'ids.onnx');
  writeFileSync(int64Path, buildIdentityModel('int64', ['batch', 3]));
  corruptPath = join(dir, 'corrupt.onnx');
  writeFileSync(corruptPath, Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inference host handler', () => {
  it('probes with the requested providers', async () => {
    const { ask } = harness();
    const reply = await ask({ type: 'probe', requestId: 'p', providers: ['cpu'] });
    expect(reply).toMatchObject({ ok: true, value: { provider: 'cpu', attempts: [{ provider: 'cpu', ok: true }], ortVersion: '1.30.0' } });
  });

  it('loads a model, reports its I/O with symbolic dims, runs it and transfers the outputs', async () => {
    const { ask, posted } = harness();
    const load = await ask({ type: 'load', requestId: 'l', sessionId: 'add', modelPath: addPath, providers: ['cpu'] });
    expect(load).toMatchObject({
      ok: true,
      value: {
        sessionId: 'add',
        provider: 'cpu',
        inputs: [
          { name: 'a', type: 'float32', shape: ['n'] },
          { name: 'b', type: 'float32', shape: ['n'] },
        ],
        outputs: [
          { name: 'sum', type: 'float32', shape: ['n'] },
          { name: 'doubled', type: 'float32', shape: ['n'] },
        ],
      },
    });
    const run = await ask({
      type: 'run',
      requestId: 'r',
      sessionId: 'add',
      feeds: {
        a: { type: 'float32', dims: [3], data: new Float32Array([1, 2, 3]) },
        b: { type: 'float32', dims: [3], data: new Float32Array([0.5, -2, 10]) },
      },
    });
    if (!run.ok) throw new Error(run.error.message);
    const { outputs, runMs } = run.value as { outputs: Record<string, { dims: number[]; data: Float32Array }>; runMs: number };
    expect(Array.from(outputs.sum!.data)).toEqual([1.5, 0, 13]);
    expect(Array.from(outputs.doubled!.data)).toEqual([3, 0, 26]);
    expect(outputs.sum!.dims).toEqual([3]);
    expect(runMs).toBeGreaterThanOrEqual(0);
    const transfer = posted.at(-1)!.transfer;
    expect(transfer).toHaveLength(2);
    expect(transfer).toContain(outputs.sum!.data.buffer);
  });

  it('fetches only the outputs asked for, and keeps int64 as BigInt64Array', async () => {
    const { ask } = harness();
    await ask({ type: 'load', requestId: 'l1', sessionId: 'add', modelPath: addPath, providers: ['cpu'] });
    const run = await ask({
      type: 'run',
      requestId: 'r1',
      sessionId: 'add',
      feeds: { a: { type: 'float32', dims: [1], data: new Float32Array([2]) }, b: { type: 'float32', dims: [1], data: new Float32Array([3]) } },
      fetches: ['doubled'],
    });
    expect(run.ok && Object.keys((run.value as { outputs: object }).outputs)).toEqual(['doubled']);

    await ask({ type: 'load', requestId: 'l2', sessionId: 'ids', modelPath: int64Path, providers: ['cpu'] });
    const ids = await ask({
      type: 'run',
      requestId: 'r2',
      sessionId: 'ids',
      feeds: { x: { type: 'int64', dims: [1, 3], data: new BigInt64Array([49406n, -1n, 2n ** 40n]) } },
    });
    if (!ids.ok) throw new Error(ids.error.message);
    const y = (ids.value as { outputs: Record<string, { data: BigInt64Array }> }).outputs.y!.data;
    expect(y).toBeInstanceOf(BigInt64Array);
    expect(Array.from(y)).toEqual([49406n, -1n, 2n ** 40n]);
  });

  it('checks feeds against the session metadata and names the culprit', async () => {
    const { ask } = harness();
    await ask({ type: 'load', requestId: 'l', sessionId: 'ids', modelPath: int64Path, providers: ['cpu'] });
    const cases: [HostRequest, RegExp][] = [
      [{ type: 'run', requestId: 'a', sessionId: 'ids', feeds: {} }, /needs input x/],
      [
        { type: 'run', requestId: 'b', sessionId: 'ids', feeds: { x: { type: 'int64', dims: [1, 3], data: new BigInt64Array(3) }, z: { type: 'int64', dims: [1], data: new BigInt64Array(1) } } },
        /no input named z/,
      ],
      [{ type: 'run', requestId: 'c', sessionId: 'ids', feeds: { x: { type: 'int32', dims: [1, 3], data: new Int32Array(3) } } }, /must be int64, got int32/],
      [{ type: 'run', requestId: 'd', sessionId: 'ids', feeds: { x: { type: 'int64', dims: [1, 4], data: new BigInt64Array(4) } } }, /shape \[batch, 3\], got \[1, 4\]/],
      [{ type: 'run', requestId: 'e', sessionId: 'ids', feeds: { x: { type: 'int64', dims: [3], data: new BigInt64Array(3) } } }, /shape \[batch, 3\], got \[3\]/],
      [{ type: 'run', requestId: 'f', sessionId: 'ids', feeds: { x: { type: 'int64', dims: [1, 3], data: new BigInt64Array(3) } }, fetches: ['nope'] }, /no output named nope/],
    ];
    for (const [request, pattern] of cases) {
      const reply = await ask(request);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('INVALID_ARGUMENT');
        expect(reply.error.message).toMatch(pattern);
      }
    }
  });

  it('answers NOT_FOUND for a session it does not have, and unload frees a session', async () => {
    const { ask } = harness();
    expect(await ask({ type: 'run', requestId: 'r', sessionId: 'ghost', feeds: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await ask({ type: 'load', requestId: 'l', sessionId: 'add', modelPath: addPath, providers: ['cpu'] });
    expect(await ask({ type: 'unload', requestId: 'u1', sessionId: 'add' })).toMatchObject({ ok: true, value: { unloaded: true } });
    expect(await ask({ type: 'unload', requestId: 'u2', sessionId: 'add' })).toMatchObject({ ok: true, value: { unloaded: false } });
  });

  it('reports a corrupt model as MODEL_LOAD_FAILED with its path and ORT message, and keeps working', async () => {
    const { ask } = harness();
    const reply = await ask({ type: 'load', requestId: 'l', sessionId: 'bad', modelPath: corruptPath, providers: ['cpu'] });
    if (reply.ok) throw new Error('corrupt model loaded');
    expect(reply.error.code).toBe('MODEL_LOAD_FAILED');
    expect(reply.error.message).toContain(corruptPath);
    expect(reply.error.message).toMatch(/protobuf|parse|Load model/i);
    expect(await ask({ type: 'probe', requestId: 'p', providers: ['cpu'] })).toMatchObject({ ok: true });
  });

  it('answers malformed messages with MALFORMED_MESSAGE and goes on', async () => {
    const { host, posted, ask } = harness();
    host.handle(undefined);
    host.handle({ type: 'run' });
    host.handle({ type: 'run', requestId: 'm', sessionId: 's', feeds: { x: { type: 'float32', dims: [2], data: [1, 2] } } });
    const replies = posted.map((p) => p.message as HostReply);
    expect(replies.map((r) => [r.requestId, r.ok ? 'ok' : r.error.code])).toEqual([
      [null, 'MALFORMED_MESSAGE'],
      [null, 'MALFORMED_MESSAGE'],
      ['m', 'MALFORMED_MESSAGE'],
    ]);
    expect(await ask({ type: 'probe', requestId: 'p', providers: ['cpu'] })).toMatchObject({ ok: true });
  });

  it('takes a cancelled request out of the queue, and says when the target is already running', async () => {
    const { host, replyTo } = harness();
    host.handle({ type: 'load', requestId: 'first', sessionId: 'add', modelPath: addPath, providers: ['cpu'] });
    await new Promise((resolve) => setImmediate(resolve)); // 'first' has started
    host.handle({ type: 'probe', requestId: 'second', providers: ['cpu'] });
    host.handle({ type: 'cancel', requestId: 'c1', target: 'second' });
    host.handle({ type: 'cancel', requestId: 'c2', target: 'first' });
    host.handle({ type: 'cancel', requestId: 'c3', target: 'never-sent' });
    expect(replyTo('second')).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(replyTo('c1')).toMatchObject({ ok: true, value: { target: 'second', state: 'queued' } });
    expect(replyTo('c2')).toMatchObject({ ok: true, value: { target: 'first', state: 'running' } });
    expect(replyTo('c3')).toMatchObject({ ok: true, value: { state: 'unknown' } });
    await host.idle();
    expect(replyTo('first')).toMatchObject({ ok: true });
  });

  it('on shutdown cancels what is queued, lets the running request finish, then exits', async () => {
    let exits = 0;
    const posted: HostMessage[] = [];
    const host = createHost({ post: (message) => posted.push(message), exit: () => (exits += 1) });
    host.handle({ type: 'load', requestId: 'running', sessionId: 'add', modelPath: addPath, providers: ['cpu'] });
    await new Promise((resolve) => setImmediate(resolve));
    host.handle({ type: 'probe', requestId: 'queued', providers: ['cpu'] });
    host.handle({ type: 'shutdown', requestId: 'bye' });
    host.handle({ type: 'probe', requestId: 'late', providers: ['cpu'] });
    expect(exits).toBe(0);
    await host.idle();
    await new Promise((resolve) => setImmediate(resolve));
    const outcome = (id: string) => {
      const reply = posted.find((m) => m.type === 'reply' && m.requestId === id) as HostReply | undefined;
      return reply && (reply.ok ? 'ok' : reply.error.code);
    };
    expect([outcome('running'), outcome('queued'), outcome('late'), outcome('bye')]).toEqual(['ok', 'CANCELLED', 'HOST_UNAVAILABLE', undefined]);
    expect(exits).toBe(1);
  });

  it('turns a broken onnxruntime-node into an error reply, not a dead host', async () => {
    let tries = 0;
    const { ask } = harness({
      loadOrt: () => {
        tries += 1;
        return Promise.reject(new MaskcueError('HOST_UNAVAILABLE', 'The ONNX runtime (onnxruntime-node) could not be loaded: libonnxruntime.so.1: cannot open'));
      },
    });
    const reply = await ask({ type: 'probe', requestId: 'p1', providers: ['cpu'] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'HOST_UNAVAILABLE' } });
    expect(!reply.ok && reply.error.message).toMatch(/onnxruntime-node/);
    expect(await ask({ type: 'load', requestId: 'l', sessionId: 's', modelPath: addPath, providers: ['cpu'] })).toMatchObject({ ok: false });
    expect(tries).toBe(2);
  });
});
