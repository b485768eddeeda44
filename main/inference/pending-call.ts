// One request the client is waiting on: a promise settled exactly once (reply, cancel, crash or
// close), with its AbortSignal listener removed when it settles.

import type { MaskcueError } from '../../common/api';
import type { ReplyValues, RequestKind } from './protocol';

export type QueuedKind = Exclude<RequestKind, 'cancel' | 'shutdown'>;

export interface PendingCall {
  id: string;
  kind: QueuedKind;
  /** Noun phrase for messages: "the model sam2-decoder.onnx". */
  label: string;
  sent: boolean;
  settled: boolean;
  resolve(value: unknown): void;
  reject(error: MaskcueError): void;
  /** Runs before resolve with the host's value (status updates, registry). */
  onValue?: (value: unknown) => void;
  /** Runs when the caller cancels a request the host may have started. */
  onCancel?: () => void;
  /** Progress messages of a long request (train). */
  onProgress?: (progress: { phase: string; done: number; total: number }) => void;
}

export interface PendingCallHooks {
  signal: AbortSignal | undefined;
  /** The signal fired: cancel this call. */
  onAbort(id: string): void;
  /** Settled, whichever way: forget it. */
  onSettled(call: PendingCall): void;
}

export function createPendingCall<K extends QueuedKind>(
  id: string,
  kind: K,
  label: string,
  hooks: PendingCallHooks,
): { call: PendingCall; promise: Promise<ReplyValues[K]> } {
  let resolveFn!: (value: ReplyValues[K]) => void;
  let rejectFn!: (error: MaskcueError) => void;
  const promise = new Promise<ReplyValues[K]>((resolve, reject) => {
    resolveFn = resolve;
    rejectFn = reject;
  });
  const onAbort = (): void => hooks.onAbort(id);
  const finish = (): void => {
    call.settled = true;
    hooks.signal?.removeEventListener('abort', onAbort);
    hooks.onSettled(call);
  };
  const call: PendingCall = {
    id,
    kind,
    label,
    sent: false,
    settled: false,
    resolve(value) {
      if (call.settled) return;
      call.onValue?.(value);
      finish();
      resolveFn(value as ReplyValues[K]);
    },
    reject(error) {
      if (call.settled) return;
      finish();
      rejectFn(error);
    },
  };
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  return { call, promise };
}
