// Entry of a decode worker thread (bundled as dist/main/decode-worker.js). Decodes one frame at a
// time, in the order asked; keeps parsed files open between frames; sends pixels back as
// transferables. Nothing here may take the thread down: every failure becomes a 'failed' reply.
import { parentPort, workerData } from 'node:worker_threads';
import { DecodeError, describeThrown } from '../decode-error';
import { decodeFrame } from '../decode-frame';
import { OpenFiles } from './open-files';
import type { DecodeReply, WorkerRequest, WorkerSettings } from './protocol';

const port = parentPort;
if (!port) throw new Error('decode-worker.ts runs only as a worker thread.');

const settings = workerData as WorkerSettings;
const files = new OpenFiles(settings.openFileBytes, settings.limits);

/** The pixels' own buffer, so it can be transferred (a view into a larger buffer is copied first). */
function ownBuffer<T extends { buffer: ArrayBufferLike; byteOffset: number; byteLength: number; slice(): T }>(array: T): T {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? array : array.slice();
}

let queue: Promise<void> = Promise.resolve();

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'forget') {
    files.forget(message.path);
    return;
  }
  // One frame at a time: codecs share their WASM instance and the open-file cache is not reentrant.
  queue = queue.then(async () => {
    let reply: DecodeReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const image = files.open(message.path, message.transferSyntaxUID);
      const frame = await decodeFrame(image, message.frame);
      frame.pixels = ownBuffer(frame.pixels);
      transfer = [frame.pixels.buffer as ArrayBuffer];
      reply = { type: 'decoded', id: message.id, frame };
    } catch (e) {
      reply = e instanceof DecodeError ? { type: 'failed', id: message.id, kind: e.kind, message: e.message } : { type: 'failed', id: message.id, kind: 'internal', message: describeThrown(e) };
    }
    port.postMessage(reply, transfer);
  });
});
