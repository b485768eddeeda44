// SegmentationCompute in a worker thread, started on first use. If the worker dies, its pending
// requests fail with a message and the next request starts a new one (the work is stateless).

import { Worker } from 'node:worker_threads';
import { MaskcueError } from '../../../common/api';
import type { GrowCutJobResult } from '../growcut/segment';
import type { SegmentationCompute } from './compute';
import type { ComputeReply, ComputeRequest, ComputeValue } from './protocol';
import { resolveSegmentationWorker } from './worker-entry';

type Pending = { resolve: (value: ComputeValue) => void; reject: (error: Error) => void };
type RequestBody = ComputeRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class WorkerCompute implements SegmentationCompute {
  readonly kind = 'worker' as const;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly entry?: URL) {}

  modelInput(image: Parameters<SegmentationCompute['modelInput']>[0], width: number, height: number): Promise<Float32Array> {
    return this.call({ op: 'modelInput', image, width, height }) as Promise<Float32Array>;
  }

  maskFromLowRes(logits: Float32Array, lowWidth: number, lowHeight: number, width: number, height: number): Promise<Uint8Array> {
    return this.call({ op: 'maskFromLowRes', logits, lowWidth, lowHeight, width, height }) as Promise<Uint8Array>;
  }

  growCut(job: Parameters<SegmentationCompute['growCut']>[0]): Promise<GrowCutJobResult> {
    return this.call({ op: 'growCut', job }) as Promise<GrowCutJobResult>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll('the segmentation worker was shut down');
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const entry = resolveSegmentationWorker(this.entry);
    const worker = new Worker(entry.source, { eval: entry.eval });
    worker.on('message', (reply: ComputeReply) => {
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) call.resolve(reply.value);
      else call.reject(new MaskcueError('INTERNAL', `Segmentation failed: ${reply.message}`));
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(why);
    };
    worker.on('error', (e) => died(`the segmentation worker failed: ${e.message}`));
    worker.on('exit', (code) => died(`the segmentation worker stopped (exit code ${code})`));
    worker.unref();
    return worker;
  }

  private failAll(why: string): void {
    for (const call of this.pending.values()) call.reject(new MaskcueError('INTERNAL', `${why}; try again.`));
    this.pending.clear();
  }

  private call(body: RequestBody): Promise<ComputeValue> {
    if (this.closed) return Promise.reject(new MaskcueError('INTERNAL', 'The segmentation worker has been shut down.'));
    this.worker ??= this.start();
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise<ComputeValue>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while an answer is owed.
      worker.ref();
      worker.postMessage({ ...body, id } as ComputeRequest);
    });
  }
}
