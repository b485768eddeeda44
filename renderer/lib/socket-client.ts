// Browser-mode transport: the same ClientApi as window.maskcue, over the loopback WebSocket that
// `maskcue serve` opens. The token arrives in the page URL once; the server then sets a cookie, and we
// drop the token from the address bar so it does not end up in screenshots or bookmarks.
import {
  contractMethods,
  decodeBinaryMessage,
  encodeMessage,
  EVENT_NAMES,
  type ClientApi,
  type EventMessage,
  type EventSource,
  type Result,
} from '../../common/api';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const utf8 = { encode: (text: string) => encoder.encode(text), decode: (bytes: Uint8Array) => decoder.decode(bytes) };

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

export type SocketApi = ClientApi & EventSource & { close(): void };

export function connectSocket(url: string): Promise<SocketApi> {
  return new Promise((resolveConnection, rejectConnection) => {
    const socket = new WebSocket(url);
    // Frames with typed arrays (decoded pixels, uploads) come as one binary envelope; see common/api/wire.ts.
    socket.binaryType = 'arraybuffer';
    const pending = new Map<number, Pending>();
    const listeners = new Set<(message: EventMessage) => void>();
    let nextId = 1;
    let opened = false;

    const failAll = (message: string) => {
      for (const entry of pending.values()) entry.resolve({ ok: false, error: { code: 'DISCONNECTED', message } });
      pending.clear();
    };

    socket.addEventListener('message', (event) => {
      const frame = (
        typeof event.data === 'string' ? JSON.parse(event.data) : decodeBinaryMessage(new Uint8Array(event.data as ArrayBuffer), utf8)
      ) as { id?: number | null; result?: Result<unknown> } & Partial<EventMessage>;
      if (frame.event !== undefined) {
        for (const listener of listeners) listener(frame as EventMessage);
        return;
      }
      if (typeof frame.id === 'number' && frame.result) {
        pending.get(frame.id)?.resolve(frame.result);
        pending.delete(frame.id);
      }
    });
    socket.addEventListener('close', () => {
      failAll('The connection to MaskCue was lost. Restart `maskcue serve` and reload this page.');
      const notice: EventMessage = {
        event: 'app.notice',
        payload: { level: 'error', message: 'Disconnected from MaskCue. Restart it and reload this page.' },
      };
      for (const listener of listeners) listener(notice);
      if (!opened) rejectConnection(new Error('Could not connect to MaskCue. Open the address it printed at start-up.'));
    });

    const call = (service: string, method: string, args: unknown[]) =>
      new Promise<Result<unknown>>((resolve) => {
        if (socket.readyState !== WebSocket.OPEN) {
          resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'Not connected to MaskCue.' } });
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve });
        socket.send(encodeMessage({ id, service, method, args }, utf8));
      });

    const api: Record<string, Record<string, (...args: unknown[]) => Promise<Result<unknown>>>> = {};
    for (const { service, method } of contractMethods()) {
      (api[service] ??= {})[method] = (...args: unknown[]) => call(service, method, args);
    }
    const events: EventSource & { close(): void } = {
      on(event, listener) {
        if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown MaskCue event ${String(event)}`);
        const wrapped = (message: EventMessage) => {
          if (message.event === event) listener(message.payload as Parameters<typeof listener>[0]);
        };
        listeners.add(wrapped);
        return () => listeners.delete(wrapped);
      },
      close: () => socket.close(),
    };
    socket.addEventListener('open', () => {
      opened = true;
      resolveConnection(Object.assign(api, events) as unknown as SocketApi);
    });
  });
}
