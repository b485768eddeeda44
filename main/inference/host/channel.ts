// The three ways the host can be started, found from what the runtime gives this thread/process:
// a worker_threads parentPort, an Electron utilityProcess's process.parentPort, or a Node fork's IPC
// channel (process.send). Each becomes the same small interface for host.ts.

import { parentPort } from 'node:worker_threads';
import type { HostChannelKind, HostMessage } from '../protocol';

export interface HostChannel {
  readonly kind: HostChannelKind;
  post(message: HostMessage, transfer: ArrayBuffer[]): void;
  listen(onMessage: (message: unknown) => void): void;
  /** Ends the host. In a worker thread process.exit() ends only that thread. */
  exit(): void;
}

const exit = (): void => process.exit(0);

/** Electron's ParentPort, declared here so this file needs neither electron nor its types. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function report(e: unknown): void {
  // A reply that cannot be sent (the parent is gone, a value will not clone) must not kill the host.
  console.error(`[inference-host] could not send a reply: ${e instanceof Error ? e.message : String(e)}`);
}

export function detectChannel(): HostChannel | null {
  const worker = parentPort;
  if (worker) {
    return {
      kind: 'worker',
      post(message, transfer) {
        try {
          worker.postMessage(message, transfer);
        } catch (e) {
          report(e);
        }
      },
      listen(onMessage) {
        worker.on('message', onMessage);
      },
      exit,
    };
  }

  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      kind: 'utility-process',
      // Electron's parentPort transfers only MessagePorts; typed arrays are copied by structured clone.
      post(message) {
        try {
          electronPort.postMessage(message);
        } catch (e) {
          report(e);
        }
      },
      listen(onMessage) {
        electronPort.on('message', (event) => onMessage(event.data));
      },
      exit,
    };
  }

  const send = process.send?.bind(process);
  if (send) {
    return {
      kind: 'child-process',
      // The parent forks with serialization 'advanced' (inherited by process.send), so typed arrays
      // arrive as typed arrays; there is no transfer, the bytes are copied through the pipe.
      post(message) {
        try {
          send(message, undefined, undefined, (e: Error | null) => {
            if (e) report(e);
          });
        } catch (e) {
          report(e);
        }
      },
      listen(onMessage) {
        process.on('message', onMessage);
        // Parent gone (killed, crashed): nothing will ever ask this process anything again.
        process.on('disconnect', () => process.exit(0));
      },
      exit,
    };
  }
  return null;
}
