// Foundation benchmarks. Each figure is a ratio against a bare baseline measured in the same run, on
// the same machine, so it means something on any machine:
//   - contract call over the browser-mode socket vs a bare `ws` echo (cost of routing + validation)
//   - inference in the host (child process, worker) vs the same session.run in-process (cost of
//     crossing the process boundary), for a small and a large tensor
//   - main's event-loop max gap while a model runs in the host vs in-process
//   - a workspace audit write vs a raw INSERT on the same SQLite build
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import { createCore } from '../../main/app-core';
import { InferenceHost } from '../../main/inference/host-client';
import { startWebBridge } from '../../main/web-bridge/server';
import { openSqlite } from '../../main/workspace/sqlite';
import { buildIdentityModel } from '../fixtures/onnx/small-models';
import { buildSlowModel, SLOW_INPUT } from '../fixtures/onnx/slow-model';

export interface BenchRow {
  name: string;
  ours: string;
  baseline: string;
  ratio: number;
  note: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeEach(count: number, fn: (i: number) => Promise<void> | void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

function socketCaller(url: string, headers: Record<string, string>) {
  return new Promise<{ call: (payload: string) => Promise<string>; close: () => void }>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const waiting: ((data: string) => void)[] = [];
    ws.on('message', (data) => waiting.shift()?.(data.toString()));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: (payload) => new Promise((done) => {
          waiting.push(done);
          ws.send(payload);
        }),
        close: () => ws.close(),
      }),
    );
  });
}

async function benchSocket(root: string): Promise<BenchRow> {
  const core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'models'), mode: 'browser', log: () => {} });
  const bridge = await startWebBridge({ router: core.router, events: core.events, staticDir: root });
  const origin = `http://127.0.0.1:${bridge.port}`;
  const ours = await socketCaller(`ws://127.0.0.1:${bridge.port}/api?token=${bridge.token}`, { origin });
  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  echo.on('connection', (socket) => socket.on('message', (data) => socket.send(data.toString())));
  await new Promise((r) => echo.once('listening', r));
  const port = (echo.address() as { port: number }).port;
  const bare = await socketCaller(`ws://127.0.0.1:${port}`, {});
  const request = JSON.stringify({ id: 1, service: 'workspace', method: 'audit', args: [{ limit: 20 }] });
  const n = 2000;
  await timeEach(200, () => ours.call(request).then(() => undefined));
  await timeEach(200, () => bare.call(request).then(() => undefined));
  const oursMs = median(await timeEach(n, () => ours.call(request).then(() => undefined)));
  const bareMs = median(await timeEach(n, () => bare.call(request).then(() => undefined)));
  ours.close();
  bare.close();
  echo.close();
  await bridge.close();
  await core.close();
  return {
    name: 'contract call over socket (workspace.audit)',
    ours: `${(oursMs * 1000).toFixed(0)} µs`,
    baseline: `bare ws echo ${(bareMs * 1000).toFixed(0)} µs`,
    ratio: oursMs / bareMs,
    note: 'median of 2000 round trips; includes validation, SQLite read, JSON',
  };
}

async function benchInference(root: string): Promise<BenchRow[]> {
  const ort = await import('onnxruntime-node');
  const identity = join(root, 'identity.onnx');
  const slow = join(root, 'slow.onnx');
  writeFileSync(identity, buildIdentityModel('float32', ['n']));
  writeFileSync(slow, buildSlowModel());
  const rows: BenchRow[] = [];
  const local = await ort.InferenceSession.create(identity, { executionProviders: ['cpu'] });
  const localSlow = await ort.InferenceSession.create(slow, { executionProviders: ['cpu'] });

  for (const transport of ['child-process', 'worker'] as const) {
    const host = new InferenceHost({ transport, providers: ['cpu'] });
    const session = await host.load(identity, { providers: ['cpu'] });
    for (const [label, size] of [['4 KB', 1024], ['16 MB (a 1024² SAM2 input)', 3 * 1024 * 1024 + 262_144]] as const) {
      const data = new Float32Array(size).fill(0.5);
      const feed = { x: { type: 'float32' as const, dims: [size], data } };
      const count = size > 10_000 ? 30 : 300;
      await timeEach(5, () => host.run(session.sessionId, feed).then(() => undefined));
      const hostMs = median(await timeEach(count, () => host.run(session.sessionId, feed).then(() => undefined)));
      const localMs = median(await timeEach(count, () => local.run({ x: new ort.Tensor('float32', data, [size]) }).then(() => undefined)));
      rows.push({
        name: `identity run, ${label}, via ${transport}`,
        ours: `${hostMs.toFixed(2)} ms`,
        baseline: `in-process ${localMs.toFixed(2)} ms`,
        ratio: hostMs / localMs,
        note: 'cost of crossing into the host and back (tensor copied both ways)',
      });
    }
    if (transport === 'child-process') {
      const slowSession = await host.load(slow, { providers: ['cpu'] });
      const input = new Float32Array(1024 * 1024).fill(0.001);
      const feed = { [SLOW_INPUT]: { type: 'float32' as const, dims: [1024, 1024], data: input } };
      const measure = async (run: () => Promise<unknown>) => {
        let last = performance.now();
        let maxGap = 0;
        const timer = setInterval(() => {
          const now = performance.now();
          maxGap = Math.max(maxGap, now - last);
          last = now;
        }, 5);
        const start = performance.now();
        await run();
        await run();
        const total = performance.now() - start;
        clearInterval(timer);
        return { total, maxGap };
      };
      const inHost = await measure(() => host.run(slowSession.sessionId, feed));
      const inProcess = await measure(() => localSlow.run({ [SLOW_INPUT]: new ort.Tensor('float32', input, [1024, 1024]) }));
      rows.push({
        name: 'slow model (48 × MatMul 1024²), 2 runs, wall time',
        ours: `${inHost.total.toFixed(0)} ms in host`,
        baseline: `${inProcess.total.toFixed(0)} ms in-process`,
        ratio: inHost.total / inProcess.total,
        note: 'same compute; the host adds only transport',
      });
      rows.push({
        name: "main's event-loop max gap during those runs",
        ours: `${inHost.maxGap.toFixed(0)} ms`,
        baseline: `${inProcess.maxGap.toFixed(0)} ms in-process`,
        ratio: inHost.maxGap / inProcess.maxGap,
        note: 'lower is better: why inference never runs on main',
      });
    }
    await host.close();
  }
  return rows;
}

async function benchWorkspace(root: string): Promise<BenchRow> {
  const core = createCore({ workspaceDir: join(root, 'ws-audit'), modelsDir: join(root, 'models'), mode: 'browser', log: () => {} });
  const raw = openSqlite(join(root, 'raw.sqlite'));
  raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, action TEXT, study TEXT, detail TEXT)');
  const n = 300;
  const ours = median(await timeEach(n, (i) => core.workspace.audit('bench.event', `event ${i}`)));
  const bare = median(
    await timeEach(n, (i) => {
      raw.run('INSERT INTO t (at, action, study, detail) VALUES (?, ?, ?, ?)', [new Date().toISOString(), 'bench.event', null, `event ${i}`]);
    }),
  );
  raw.close();
  await core.close();
  return {
    name: 'workspace audit write (durable, autocommit)',
    ours: `${(ours * 1000).toFixed(0)} µs`,
    baseline: `raw INSERT ${(bare * 1000).toFixed(0)} µs`,
    ratio: ours / bare,
    note: 'same node-sqlite3-wasm build and journal settings',
  };
}

export async function runFoundationBench(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'maskcue-bench-'));
  try {
    return [await benchSocket(root), ...(await benchInference(root)), await benchWorkspace(root)];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
