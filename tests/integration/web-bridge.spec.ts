// Browser mode's HTTP and WebSocket surface: who gets in, and what happens to malformed traffic.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contract, encodeMessage, type Handlers } from '../../common/api';

const utf8 = { encode: (s: string) => new TextEncoder().encode(s), decode: (b: Uint8Array) => new TextDecoder().decode(b) };
import { EventBus } from '../../main/events/event-bus';
import { createRouter } from '../../main/ipc/router';
import { startWebBridge, type WebBridge } from '../../main/web-bridge/server';

const TOKEN = 'test-token-0123456789abcdef';

// Every contract method answers null, except the ones these tests look at.
const handlers = Object.fromEntries(
  Object.entries(contract).map(([service, methods]) => [service, Object.fromEntries(Object.keys(methods).map((m) => [m, async () => null]))]),
) as unknown as Handlers;
handlers.app.info = async () => ({ name: 'MaskCue' }) as never;
handlers.dicom.importFiles = async (files) => ({ imported: files.length, echo: files.map((f) => Array.from(f.data)) }) as never;

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
}

describe('browser-mode bridge', () => {
  let dir: string;
  let bridge: WebBridge;
  const events = new EventBus();
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maskcue-bridge-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>MaskCue</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, '..', 'maskcue-secret.txt'), 'secret');
    bridge = await startWebBridge({ router: createRouter(handlers), events, staticDir: dir, token: TOKEN, maxFrameBytes: 4 * 1024 * 1024 });
    origin = `http://127.0.0.1:${bridge.port}`;
  });

  afterAll(async () => {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', 'maskcue-secret.txt'), { force: true });
  });

  it('serves the page to the tokened address, with a strict CSP, and sets the session cookie', async () => {
    expect(bridge.url).toBe(`${origin}/?token=${TOKEN}`);
    const reply = await get(bridge.port, `/?token=${TOKEN}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>MaskCue</title>');
    expect(String(reply.headers['set-cookie'])).toContain(`maskcue_token=${TOKEN}; HttpOnly; SameSite=Strict`);
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${bridge.port}`);
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  });

  it.each([
    ['no token', '/', {}],
    ['a wrong token', '/?token=nope', {}],
    ['a wrong cookie', '/assets/app.js', { cookie: 'maskcue_token=nope' }],
    ['another origin', `/?token=${TOKEN}`, { origin: 'http://evil.example' }],
    ['a rebound Host', `/?token=${TOKEN}`, { host: 'evil.example' }],
    ['localhost instead of 127.0.0.1', `/?token=${TOKEN}`, { host: 'localhost' }],
  ])('answers 403 to %s', async (_label, path, headers) => {
    const reply = await get(bridge.port, path, headers);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatch(/^Forbidden: .*Open the address MaskCue printed/);
  });

  it('lets the page load its assets with the cookie, and never leaves the renderer folder', async () => {
    const cookie = `maskcue_token=${TOKEN}`;
    expect((await get(bridge.port, '/assets/app.js', { cookie })).status).toBe(200);
    expect((await get(bridge.port, '/../maskcue-secret.txt', { cookie })).status).toBe(404);
    expect((await get(bridge.port, '/%2e%2e/maskcue-secret.txt', { cookie })).status).toBe(404);
    expect((await get(bridge.port, '/assets/%00', { cookie })).status).toBe(404);
  });

  it('refuses sockets without the token, from another origin, or with no origin', async () => {
    const url = `ws://127.0.0.1:${bridge.port}/api`;
    await expect(open(url, { origin })).rejects.toThrow('HTTP 403');
    await expect(open(`${url}?token=${TOKEN}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(open(`${url}?token=${TOKEN}`, {})).rejects.toThrow('HTTP 403');
    await expect(open(`ws://127.0.0.1:${bridge.port}/other?token=${TOKEN}`, { origin })).rejects.toThrow('HTTP 403');
  });

  it('answers calls, pushes events, and turns malformed frames into typed errors without dropping the socket', async () => {
    const ws = await open(`ws://127.0.0.1:${bridge.port}/api`, { origin, cookie: `maskcue_token=${TOKEN}` });

    ws.send(JSON.stringify({ id: 1, service: 'app', method: 'info', args: [] }));
    expect(await nextMessage(ws)).toEqual({ id: 1, result: { ok: true, value: { name: 'MaskCue' } } });

    const malformed: [string | Buffer, unknown][] = [
      ['not json', null],
      ['[1,2,3]', null],
      [JSON.stringify({ id: 7, service: 'app', method: 'info' }), 7],
      [JSON.stringify({ id: { nested: true }, service: 'app', method: 'info', args: [] }), null],
      [Buffer.from([1, 2, 3]), null],
      [Buffer.from([200, 0, 0, 0, 1, 2]), null],
    ];
    for (const [frame, id] of malformed) {
      ws.send(frame);
      const reply = await nextMessage(ws);
      expect(reply).toMatchObject({ id, result: { ok: false, error: { code: 'MALFORMED_MESSAGE' } } });
    }
    ws.send(JSON.stringify({ id: 8, service: 'app', method: 'drop_tables', args: [] }));
    expect(await nextMessage(ws)).toMatchObject({ id: 8, result: { ok: false, error: { code: 'UNKNOWN_METHOD' } } });
    ws.send(JSON.stringify({ id: 9, service: 'workspace', method: 'audit', args: [{ limit: -1 }] }));
    expect(await nextMessage(ws)).toMatchObject({ id: 9, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });

    // Typed arrays travel in the binary envelope, both ways.
    const upload = encodeMessage({ id: 11, service: 'dicom', method: 'importFiles', args: [[{ name: 'a.dcm', data: new Uint8Array([1, 2, 250]) }]] }, utf8);
    expect(upload).toBeInstanceOf(Uint8Array);
    ws.send(upload);
    expect(await nextMessage(ws)).toEqual({ id: 11, result: { ok: true, value: { imported: 1, echo: [[1, 2, 250]] } } });

    const pushed = nextMessage(ws);
    events.emit('app.notice', { level: 'info', message: 'hello' });
    expect(await pushed).toEqual({ event: 'app.notice', payload: { level: 'info', message: 'hello' } });

    ws.send(JSON.stringify({ id: 10, service: 'app', method: 'info', args: [] }));
    expect(await nextMessage(ws)).toMatchObject({ id: 10, result: { ok: true } });
    ws.close();
  });

  it('closes a socket that sends an oversized frame, and keeps serving others', async () => {
    const headers = { origin, cookie: `maskcue_token=${TOKEN}` };
    const big = await open(`ws://127.0.0.1:${bridge.port}/api`, headers);
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(5 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const ws = await open(`ws://127.0.0.1:${bridge.port}/api`, headers);
    ws.send(JSON.stringify({ id: 1, service: 'app', method: 'info', args: [] }));
    expect(await nextMessage(ws)).toMatchObject({ id: 1, result: { ok: true } });
    ws.close();
  });
});
