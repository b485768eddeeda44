// Fetches the frames around the one on screen while the reader scrolls, a few at a time, so the next
// wheel notch finds its frame in cornerstone's cache. A new wish replaces the old queue: frames the
// reader has scrolled away from are not fetched any more.
import { isCached, loadImage } from './image-loader';

export class Prefetcher {
  #queue: string[] = [];
  #inFlight = 0;
  readonly #concurrency: number;

  constructor(concurrency = 3) {
    this.#concurrency = concurrency;
  }

  want(imageIds: readonly string[]): void {
    this.#queue = imageIds.filter((id) => !isCached(id));
    this.#pump();
  }

  clear(): void {
    this.#queue = [];
  }

  #pump(): void {
    while (this.#inFlight < this.#concurrency && this.#queue.length > 0) {
      const id = this.#queue.shift()!;
      if (isCached(id)) continue;
      this.#inFlight += 1;
      loadImage(id)
        .catch(() => undefined)
        .finally(() => {
          this.#inFlight -= 1;
          this.#pump();
        });
    }
  }
}
