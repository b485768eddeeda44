// InferenceHost against in-process fake transports: crash, restart, back-off, cancel and close are
// driven deterministically here; tests/integration/inference-host.spec.ts does the same with real
// worker threads and child processes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceStatus } from '../../common/api';
import { buildAddModel } from '../../tests/fixtures/onnx/small-models';
import { createHost } from './host/host';
import { InferenceHost, type InferenceHostOptions } from './host-client';
import type { HostRequest } from './protocol';
import { TransportEvents, type HostTransport } from './transports/transport';
import { rejectionOf } from '../../tests/fixtures/maskcue-error';

/** Runs the real host handler in this thread; messages go through structuredClone and setImmediate. */
class FakeTransport implements HostTransport {
  readonly kind = 'fake';
  readonly received: HostRequest[] = [];
  private readonly events = new TransportEvents();
  private dead = false;
  /** When false the host never answers (a request "stuck" in a long native run). */
  answer = true;
  sayReady = true;

  start(): void {
    const host = createHost({ post: (message) => this.deliver(message) });
    this.handle = (message) => host.handle(message);
    if (this.sayReady) this.deliver({ type: 'ready', pid: process.pid, channel: 'worker' });
  }

  private handle: (message: unknown) => void = () => undefined;

  private deliver(message: unknown): void {
    const copy = structuredClone(message);
    setImmediate(() => {
      if (!this.dead) this.events.message(copy);
    });
  }

  private readonly held: HostRequest[] = [];

  send(message: unknown): void {
    const copy = structuredClone(message) as HostRequest;
    this.received.push(copy);
    setImmediate(() => {
      if (this.dead) return;
      if (this.answer) this.handle(copy);
      else this.held.push(copy);
    });
  }

  /** Lets the requests held back (answer = false) through now. */
  release(): void {
    this.answer = true;
    for (const message of this.held.splice(0)) this.handle(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.events.onMessage(listener);
  }

  onExit(listener: (reason: string) => void): void {
    this.events.onExit(listener);
  }

  crash(reason = 'killed by SIGKILL'): void {
    this.dead = true;
    this.events.exit(reason);
  }

  kill(): void {
    this.dead = true;
    setImmediate(() => this.events.exit('killed'));
  }
}

let dir: string;
let addPath: string;
const hosts: InferenceHost[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maskcue-client-'));
  addPath = join(dir, 'add.onnx');
  writeFileSync(addPath, buildAddModel());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

function setup(options: Partial<InferenceHostOptions> = {}, configure: (t: FakeTransport) => void = () => undefined) {
  const transports: FakeTransport[] = [];
  const statuses: InferenceStatus[] = [];
  const host = new InferenceHost({
    providers: ['cpu'],
    transport: () => {
      const t = new FakeTransport();
      configure(t);
      transports.push(t);
      return t;
    },
    onStatus: (s) => statuses.push(s),
    ...options,
  });
  hosts.push(host);
  return { host, transports, statuses, current: () => transports.at(-1)! };
}

const feeds = (a: number[], b: number[]) => ({
  a: { type: 'float32' as const, dims: [a.length], data: Float32Array.from(a) },
  b: { type: 'float32' as const, dims: [b.length], data: Float32Array.from(b) },
});

describe('InferenceHost', () => {
  it('starts the host on the first request and reports status', async () => {
    const { host, transports, statuses } = setup();
    expect(host.status()).toMatchObject({ state: 'stopped', transport: 'custom', restarts: 0, pending: 0, provider: null });
    expect(transports).toHaveLength(0);
    const probe = await host.probe();
    expect(probe).toMatchObject({ provider: 'cpu', ortVersion: '1.30.0' });
    expect(host.status()).toMatchObject({ state: 'ready', transport: 'fake', provider: 'cpu', pending: 0 });
    expect(statuses.map((s) => s.state)).toContain('starting');
    expect(transports).toHaveLength(1);
  });

  it('loads and runs, and refuses unknown sessions and duplicate request ids', async () => {
    const { host, current } = setup();
    const loaded = await host.load(addPath, { sessionId: 'add' });
    expect(loaded.inputs.map((i) => i.name)).toEqual(['a', 'b']);
    const result = await host.run('add', feeds([1, 2], [3, 4]));
    expect(Array.from(result.outputs.sum!.data as Float32Array)).toEqual([4, 6]);
    expect((await rejectionOf(host.run('nope', feeds([1], [1])))).code).toBe('NOT_FOUND');

    current().answer = false;
    const first = host.run('add', feeds([1], [1]), { requestId: 'same' });
    expect((await rejectionOf(host.run('add', feeds([1], [1]), { requestId: 'same' }))).code).toBe('INVALID_ARGUMENT');
    current().release();
    await first;
  });

  it('fails pending requests with HOST_CRASHED, restarts, and reloads sessions on next use', async () => {
    const { host, transports, statuses, current } = setup();
    await host.load(addPath, { sessionId: 'add' });
    current().answer = false;
    const pending = host.run('add', feeds([1], [2]));
    await new Promise((r) => setImmediate(r));
    current().crash('killed by SIGKILL');

    const error = await rejectionOf(pending);
    expect(error.code).toBe('HOST_CRASHED');
    expect(error.message).toBe(
      'The inference host stopped while running the model add.onnx (killed by SIGKILL). It has been restarted; run the step again. Nothing you saved is lost.',
    );
    expect(host.status()).toMatchObject({ restarts: 1, pending: 0 });
    expect(host.status().lastCrash).toMatch(/^killed by SIGKILL while running the model add.onnx at \d{4}-/);
    expect(transports).toHaveLength(2);
    expect(statuses.map((s) => s.state)).toContain('restarting');

    const again = await host.run('add', feeds([1], [2]));
    expect(Array.from(again.outputs.sum!.data as Float32Array)).toEqual([3]);
    expect(current().received.map((m) => m.type)).toEqual(['load', 'run']);
    expect(host.status()).toMatchObject({ state: 'ready', restarts: 1 });
  });

  it('stops restarting after too many crashes, until restart() is called', async () => {
    const { host, transports } = setup({ maxRestarts: 2, restartWindowMs: 60_000 });
    await host.probe();
    transports.at(-1)!.crash('exit code 1');
    transports.at(-1)!.crash('exit code 1');
    expect(host.status()).toMatchObject({ state: 'restarting', restarts: 2 });
    transports.at(-1)!.crash('exit code 134');
    expect(host.status()).toMatchObject({ state: 'stopped', restarts: 2 });
    expect(transports).toHaveLength(3);

    const refused = await rejectionOf(host.probe());
    expect(refused.code).toBe('HOST_UNAVAILABLE');
    expect(refused.message).toMatch(/stopped 3 times within 60 s.*exit code 134.*check it/);
    expect(transports).toHaveLength(3);

    host.restart();
    await expect(host.probe()).resolves.toMatchObject({ provider: 'cpu' });
    expect(transports).toHaveLength(4);
  });

  it('says the host was not restarted when the crash used up the budget', async () => {
    const { host, current } = setup({ maxRestarts: 0 });
    await host.probe();
    current().answer = false;
    const pending = host.probe();
    await new Promise((r) => setImmediate(r));
    current().crash('killed by SIGSEGV');
    const error = await rejectionOf(pending);
    expect(error.code).toBe('HOST_CRASHED');
    expect(error.message).toMatch(/killed by SIGSEGV.*was not restarted.*model file may be damaged.*Nothing you saved is lost\./);
    expect(host.status().state).toBe('stopped');
  });

  it('answers a cancelled request at once, tells the host, and drops the late reply', async () => {
    const { host, current } = setup();
    await host.load(addPath, { sessionId: 'add' });
    current().answer = false;
    const running = host.run('add', feeds([1], [1]), { requestId: 'r1' });
    await new Promise((r) => setImmediate(r));
    expect(host.status().pending).toBe(1);
    expect(host.cancel('r1')).toBe(true);
    expect(host.cancel('r1')).toBe(false);
    expect(host.cancel('unknown')).toBe(false);
    const error = await rejectionOf(running);
    expect(error).toMatchObject({ code: 'CANCELLED', message: 'The model add.onnx was cancelled.' });
    expect(current().received.at(-1)).toMatchObject({ type: 'cancel', target: 'r1' });
    current().release();
    await new Promise((r) => setTimeout(r, 20));
    expect(host.status()).toMatchObject({ pending: 0, restarts: 0, state: 'ready' });
  });

  it('cancels through an AbortSignal, before or after sending', async () => {
    const { host, current } = setup();
    await host.probe();
    const aborted = AbortSignal.abort();
    expect((await rejectionOf(host.probe({ signal: aborted }))).code).toBe('CANCELLED');
    const sentBefore = current().received.length;
    expect(current().received.length).toBe(sentBefore);

    current().answer = false;
    const controller = new AbortController();
    const pending = host.probe({ signal: controller.signal });
    controller.abort();
    expect((await rejectionOf(pending)).code).toBe('CANCELLED');
  });

  it('frees a session whose load was cancelled after it was sent', async () => {
    const { host, current } = setup();
    await host.probe();
    current().answer = false;
    const loading = host.load(addPath, { sessionId: 'add', requestId: 'l1' });
    await new Promise((r) => setImmediate(r));
    host.cancel('l1');
    expect((await rejectionOf(loading)).code).toBe('CANCELLED');
    expect(current().received.map((m) => m.type)).toEqual(['probe', 'load', 'cancel', 'unload']);
    expect((await rejectionOf(host.run('add', feeds([1], [1])))).code).toBe('NOT_FOUND');
  });

  it('counts a host that never says ready as crashed', async () => {
    const { host } = setup({ startTimeoutMs: 50, maxRestarts: 0 }, (t) => {
      t.sayReady = false;
    });
    const error = await rejectionOf(host.probe());
    expect(error.code).toBe('HOST_CRASHED');
    expect(error.message).toMatch(/did not start within/);
  });

  it('close() cancels pending requests and refuses new ones', async () => {
    const { host, current } = setup();
    await host.probe();
    current().answer = false;
    const pending = host.probe();
    await new Promise((r) => setImmediate(r));
    const cancelled = rejectionOf(pending);
    await host.close();
    expect((await cancelled).code).toBe('CANCELLED');
    expect((await rejectionOf(host.probe())).code).toBe('HOST_UNAVAILABLE');
    expect(host.status()).toMatchObject({ state: 'stopped', restarts: 0, pending: 0 });
  });
});
