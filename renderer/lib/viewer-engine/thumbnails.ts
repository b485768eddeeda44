// Series thumbnails: the middle frame, drawn small with its default window. Queued two at a time so
// a long study list does not flood main with decodes ahead of the image the reader opened.
import cornerstone from 'cornerstone-core';
import { loadImage } from './image-loader';

const queue: (() => Promise<void>)[] = [];
let running = 0;
const CONCURRENCY = 2;

function pump(): void {
  while (running < CONCURRENCY && queue.length > 0) {
    const job = queue.shift()!;
    running += 1;
    void job().finally(() => {
      running -= 1;
      pump();
    });
  }
}

/** Resolves when drawn; rejects with main's reason when the frame cannot be decoded. */
export function drawThumbnail(canvas: HTMLCanvasElement, imageId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    queue.push(async () => {
      try {
        const image = await loadImage(imageId);
        if (canvas.isConnected) cornerstone.renderToCanvas(canvas, image);
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    pump();
  });
}
