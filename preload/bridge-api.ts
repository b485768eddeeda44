// window.maskcue, built from the contract: one function per contract method and the event subscription,
// nothing else. No raw ipcRenderer ever reaches the page. Pure so it can be tested without Electron.
import {
  channelOf,
  contractMethods,
  EVENT_NAMES,
  type ClientApi,
  type EventMessage,
  type EventSource,
  type Result,
} from '../common/api';

export type MaskcueBridge = ClientApi & EventSource;

export interface BridgeTransport {
  invoke(channel: string, args: unknown[]): Promise<Result<unknown>>;
  /** Subscribes to main's event channel; returns an unsubscribe function. */
  listen(listener: (message: EventMessage) => void): () => void;
}

export function buildBridgeApi(transport: BridgeTransport): MaskcueBridge {
  const api: Record<string, Record<string, (...args: unknown[]) => Promise<Result<unknown>>>> = {};
  for (const ref of contractMethods()) {
    const channel = channelOf(ref);
    (api[ref.service] ??= {})[ref.method] = (...args: unknown[]) => transport.invoke(channel, args);
  }
  const events: EventSource = {
    on(event, listener) {
      if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown MaskCue event ${String(event)}`);
      return transport.listen((message) => {
        if (message.event === event) listener(message.payload as Parameters<typeof listener>[0]);
      });
    },
  };
  return Object.assign(api, events) as unknown as MaskcueBridge;
}
