// The segmentation worker (bundled as dist/main/segmentation-worker.js): runs the pixel work of
// compute.ts off main's event loop. Stateless; one request at a time, in order.

import { parentPort } from 'node:worker_threads';
import { createInlineCompute } from './compute';
import type { ComputeReply, ComputeRequest, ComputeValue } from './protocol';

const port = parentPort;
if (!port) throw new Error('segmentation-worker: start me as a worker thread (main/segmentation/compute/worker-compute.ts)');
const inline = createInlineCompute();

function buffersOf(value: ComputeValue): ArrayBuffer[] {
  if (value instanceof Float32Array || value instanceof Uint8Array) return [value.buffer as ArrayBuffer];
  return [value.mask.buffer as ArrayBuffer, value.lowResLogits.data.buffer as ArrayBuffer];
}

port.on('message', (request: ComputeRequest) => {
  void (async () => {
    let reply: ComputeReply;
    let transfer: ArrayBuffer[] = [];
    try {
      let value: ComputeValue;
      switch (request.op) {
        case 'modelInput':
          value = await inline.modelInput(request.image, request.width, request.height);
          break;
        case 'maskFromLowRes':
          value = await inline.maskFromLowRes(request.logits, request.lowWidth, request.lowHeight, request.width, request.height);
          break;
        case 'growCut':
          value = await inline.growCut(request.job);
          break;
      }
      reply = { id: request.id, ok: true, value };
      transfer = buffersOf(value);
    } catch (e) {
      reply = { id: request.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply, transfer);
  })();
});
