// The answers main keeps so the renderer can refer back to them by resultId: `previous` (feed the
// low-res logits back on the next click) and `propagate` (carry the mask to another slice). Only the
// latest few matter (the click being corrected, the slice being carried), so it is a small LRU,
// bounded by count and by bytes (a 2048² mask is 4 MiB). An evicted answer is simply gone: the
// caller segments again.

import { randomUUID } from 'node:crypto';
import type { FrameRef } from '../../../common/domain';
import type { EngineKind, LowResLogits } from '../types';

export interface StoredResult {
  resultId: string;
  target: FrameRef;
  width: number;
  height: number;
  mask: Uint8Array;
  areaPx: number;
  lowResLogits: LowResLogits;
  engine: EngineKind;
  modelId: string;
  /** Grey levels (10th–90th percentile) the mask covered, in the window it was made with. */
  greyRange: { lo: number; hi: number } | null;
}

export const DEFAULT_RESULT_LIMIT = 64;
export const DEFAULT_RESULT_BYTES = 256 * 1024 ** 2;

function bytesOf(result: StoredResult): number {
  return result.mask.byteLength + result.lowResLogits.data.byteLength;
}

export class ResultCache {
  private readonly results = new Map<string, StoredResult>();
  private bytes = 0;

  constructor(
    private readonly maxCount = DEFAULT_RESULT_LIMIT,
    private readonly maxBytes = DEFAULT_RESULT_BYTES,
  ) {}

  /** Stores an answer under a new id; the oldest go when a bound is passed (never the new one). */
  put(result: Omit<StoredResult, 'resultId'>): StoredResult {
    const stored: StoredResult = { ...result, resultId: randomUUID() };
    this.results.set(stored.resultId, stored);
    this.bytes += bytesOf(stored);
    for (const [id, old] of this.results) {
      if (this.results.size <= this.maxCount && this.bytes <= this.maxBytes) break;
      if (id === stored.resultId) break;
      this.results.delete(id);
      this.bytes -= bytesOf(old);
    }
    return stored;
  }

  /** The answer, marked as the most recently used; undefined when unknown or evicted. */
  get(resultId: string): StoredResult | undefined {
    const found = this.results.get(resultId);
    if (!found) return undefined;
    this.results.delete(resultId);
    this.results.set(resultId, found);
    return found;
  }

  get size(): number {
    return this.results.size;
  }

  clear(): void {
    this.results.clear();
    this.bytes = 0;
  }
}
