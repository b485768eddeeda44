// Browser mode: main's services under plain Node, the built renderer over HTTP and the contract over a
// WebSocket, all on 127.0.0.1 only. It exists because our build machines cannot download Electron;
// the end-to-end tests drive the real UI through it.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventBus } from '../events/event-bus';
import type { Router } from '../ipc/router';
import { contentSecurityPolicy } from '../window/csp';
import { checkAccess, TOKEN_COOKIE, type AccessPolicy } from './access';
import { decodeBinaryMessage, encodeMessage } from '../../common/api';
import { parseRequest, type ReplyFrame } from './messages';
import { serveFile } from './static-files';

export const SOCKET_PATH = '/api';
/** Largest request frame we accept: a batch of dropped DICOM files (the renderer batches below this). */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;
const utf8 = { encode: (text: string) => Buffer.from(text, 'utf8'), decode: (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };

export interface WebBridgeOptions {
  router: Router;
  events: EventBus;
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
  maxFrameBytes?: number;
  log?: (message: string) => void;
}

export interface WebBridge {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function refuseUpgrade(socket: Duplex, reason: string): void {
  socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
}

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? (() => {});
  const policy: AccessPolicy = { token, host: '', origin: '' };
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? MAX_FRAME_BYTES });

  const server = createServer((request, response) => {
    void handleHttp(request, response);
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', policy.origin);
    const decision = checkAccess(request, url, policy);
    const headers: Record<string, string> = {
      'content-security-policy': contentSecurityPolicy({ socketOrigin: `ws://${policy.host}` }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (!decision.allowed) {
      response.writeHead(403, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Forbidden: ${decision.reason}. Open the address MaskCue printed when it started (it carries the access token).\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, allow: 'GET, HEAD' });
      response.end();
      return;
    }
    if (decision.viaQuery) {
      // The page's own sub-resources and socket then authenticate with the cookie, not the URL.
      headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    await serveFile(options.staticDir, url.pathname, response, headers);
  }

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', policy.origin);
    const decision = checkAccess(request, url, policy);
    if (url.pathname !== SOCKET_PATH) return refuseUpgrade(socket, 'unknown socket path');
    if (!decision.allowed) return refuseUpgrade(socket, decision.reason);
    // A browser always sends Origin on a socket handshake; one without it is not our page.
    if (request.headers.origin !== policy.origin) return refuseUpgrade(socket, 'socket requests need our own Origin');
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const unsubscribe = options.events.subscribe((message) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message, utf8));
    });
    ws.on('close', unsubscribe);
    ws.on('error', (error) => log(`socket error: ${error.message}`));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void answer(ws, data, isBinary);
    });
  }

  async function answer(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    let reply: ReplyFrame;
    const parsed = isBinary ? parseBinaryRequest(toBytes(data)) : parseRequest(data.toString());
    if (!parsed.ok) {
      reply = { id: parsed.id, result: { ok: false, error: { code: 'MALFORMED_MESSAGE', message: parsed.message } } };
    } else {
      const { id, service, method, args } = parsed.frame;
      reply = { id, result: await options.router.dispatch(service, method, args) };
    }
    if (ws.readyState === ws.OPEN) ws.send(encodeMessage(reply, utf8));
  }

  function parseBinaryRequest(bytes: Uint8Array) {
    try {
      return parseRequest(decodeBinaryMessage(bytes, utf8));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false as const, id: null, message: `The binary message is malformed (${reason}). Send the MaskCue wire envelope.` };
    }
  }

  const port = await listen(server, options.port ?? 0);
  policy.host = `127.0.0.1:${port}`;
  policy.origin = `http://127.0.0.1:${port}`;

  return {
    token,
    port,
    url: `${policy.origin}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
