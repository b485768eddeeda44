// Main's side of decoding: a few worker threads (2 by default: this is a 2-core class of machine, and
// main, the renderer and the inference host need the rest), started on first use. A frame goes to
// the least busy worker, preferring the one that has its file open. A worker that dies fails only its
// own pending frames, with a message, and is replaced on the next request.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MaskcueError } from '../../../../common/api';
import type { DecodedFrame } from '../../../../common/dicom';
import { DecodeError } from '../decode-error';
import { DEFAULT_SIZE_LIMITS, type SizeLimits } from '../size-guard';
import { isDecodeReply, type DecodeReply, type WorkerSettings } from './protocol';
import { resolveDecodeWorker } from './worker-entry';

export interface DecodePoolOptions {
  /** Default min(2, available cores). */
  workers?: number;
  limits?: SizeLimits;
  /** Parsed-file cache per worker. Default 256 MiB. */
  openFileBytes?: number;
  /** Module to run instead of decode-worker (tests). */
  entry?: URL;
  /**
   * A worker that answers nothing for this long while it has frames in hand is stuck (a codec
   * looping on a hostile stream): it is stopped and its frames fail. Default 60 s.
   */
  stallMs?: number;
}

interface Pending {
  resolve: (frame: DecodedFrame) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Files this worker was last asked for, most recent last (affinity hint, not the truth). */
  recent: string[];
  lastError: string | null;
  watchdog: NodeJS.Timeout | null;
  stalled: boolean;
}

export interface FrameJob {
  path: string;
  transferSyntaxUID: string;
  frame: number;
}

function failure(reply: Extract<DecodeReply, { type: 'failed' }>): Error {
  if (reply.kind === 'internal') return new MaskcueError('INTERNAL', `Decoding failed: ${reply.message}`);
  return new DecodeError(reply.kind, reply.message);
}

export class DecodePool {
  private readonly size: number;
  private readonly settings: WorkerSettings;
  private readonly entry: URL | undefined;
  private readonly stallMs: number;
  private readonly slots: (Slot | null)[];
  private nextId = 1;
  private closed = false;

  constructor(options: DecodePoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? Math.min(2, availableParallelism()));
    this.settings = { limits: options.limits ?? DEFAULT_SIZE_LIMITS, openFileBytes: options.openFileBytes ?? 256 * 1024 ** 2 };
    this.entry = options.entry;
    this.stallMs = options.stallMs ?? 60_000;
    this.slots = Array.from({ length: this.size }, () => null);
  }

  decode(job: FrameJob): Promise<DecodedFrame> {
    if (this.closed) return Promise.reject(new MaskcueError('INTERNAL', 'The decoder has been shut down.'));
    const slot = this.pick(job.path);
    const id = this.nextId++;
    slot.recent = [...slot.recent.filter((p) => p !== job.path), job.path].slice(-8);
    return new Promise<DecodedFrame>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // A worker with frames in hand keeps the process alive until they are answered.
      slot.worker.ref();
      slot.worker.postMessage({ type: 'decode', id, ...job });
      this.arm(slot);
    });
  }

  /** Starts every worker now, so the first frame a reader opens does not pay for thread start-up. */
  warm(): void {
    if (this.closed) return;
    for (let i = 0; i < this.size; i += 1) if (!this.slots[i]) this.start(i);
  }

  /** The file changed on disk or left the index: workers drop their parsed copy. */
  forget(path: string): void {
    for (const slot of this.slots) slot?.worker.postMessage({ type: 'forget', path });
  }

  /** Number of frames waiting or being decoded. */
  get pending(): number {
    return this.slots.reduce((n, slot) => n + (slot?.pending.size ?? 0), 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers: Promise<number>[] = [];
    for (let i = 0; i < this.slots.length; i += 1) {
      const slot = this.slots[i];
      if (!slot) continue;
      this.slots[i] = null;
      for (const pending of slot.pending.values()) pending.reject(new MaskcueError('INTERNAL', 'The decoder was shut down before the frame was ready.'));
      slot.pending.clear();
      if (slot.watchdog) clearTimeout(slot.watchdog);
      workers.push(slot.worker.terminate());
    }
    await Promise.all(workers);
  }

  /** (Re)starts the stall timer while frames are pending; stops it when none are. */
  private arm(slot: Slot): void {
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = null;
    if (slot.pending.size === 0) return;
    slot.watchdog = setTimeout(() => {
      slot.stalled = true;
      void slot.worker.terminate();
    }, this.stallMs);
    slot.watchdog.unref();
  }

  private pick(path: string): Slot {
    let best: { index: number; score: number } | null = null;
    for (let i = 0; i < this.size; i += 1) {
      const slot = this.slots[i];
      // An unstarted slot costs a start-up; prefer a running worker unless all are busy.
      const load = slot ? slot.pending.size : 0.5;
      const affinity = slot?.recent.includes(path) ? -0.75 : 0;
      const score = load + affinity;
      if (!best || score < best.score) best = { index: i, score };
    }
    const index = best!.index;
    return this.slots[index] ?? this.start(index);
  }

  private start(index: number): Slot {
    const entry = resolveDecodeWorker(this.entry);
    const worker = new Worker(entry.source, { eval: entry.eval, workerData: this.settings, name: `maskcue-decode-${index}` });
    const slot: Slot = { worker, pending: new Map(), recent: [], lastError: null, watchdog: null, stalled: false };
    // Idle workers must not keep the process alive (the CLI and tests exit when done).
    worker.unref();
    worker.on('message', (message: unknown) => {
      if (!isDecodeReply(message)) return;
      const pending = slot.pending.get(message.id);
      if (!pending) return;
      slot.pending.delete(message.id);
      this.arm(slot);
      if (slot.pending.size === 0) worker.unref();
      if (message.type === 'decoded') pending.resolve(message.frame);
      else pending.reject(failure(message));
    });
    worker.on('error', (e: Error) => {
      slot.lastError = e.message;
    });
    worker.on('exit', (code: number) => {
      if (this.slots[index] === slot) this.slots[index] = null;
      if (slot.watchdog) clearTimeout(slot.watchdog);
      const reason = slot.stalled
        ? `no answer in ${(this.stallMs / 1000).toFixed(this.stallMs < 1000 ? 1 : 0)} s: the file may be damaged`
        : slot.lastError
          ? `uncaught error: ${slot.lastError}`
          : `exit code ${code}`;
      for (const pending of slot.pending.values()) {
        pending.reject(new MaskcueError('INTERNAL', `The decoder thread stopped (${reason}) while decoding this frame. Try again; if it happens again, the file may be damaged.`));
      }
      slot.pending.clear();
    });
    this.slots[index] = slot;
    return slot;
  }
}
