// The host's tensor cache: ORT tensors kept between requests under a key, so a model's large outputs
// (a SAM2 encoder's features, ~16 MB) feed later runs (each click's decoder run) without crossing
// the process boundary again. Bounded by bytes of tensor data; least recently used entries go first.
// The newest entry always stays, even alone over the bound: a caller that just computed it is about
// to use it, and refusing would only make it compute the same tensors again.

import type { Tensor } from 'onnxruntime-node';
import { MaskcueError } from '../../../common/api';
import type { CacheStored } from '../protocol';

/** Default bound: 512 MiB, about 30 SAM2 images' features. */
export const DEFAULT_TENSOR_CACHE_BYTES = 512 * 1024 * 1024;

interface Entry {
  tensors: Map<string, Tensor>;
  bytes: number;
}

function bytesOf(tensor: Tensor): number {
  const data = tensor.data as { byteLength?: number; length: number };
  // String tensors have no byte length; count them as one pointer-sized slot per element.
  return typeof data.byteLength === 'number' ? data.byteLength : data.length * 8;
}

export class TensorCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  constructor(private maxBytes: number = DEFAULT_TENSOR_CACHE_BYTES) {}

  configure(maxBytes: number): string[] {
    this.maxBytes = maxBytes;
    return this.evictOver(null);
  }

  /** Replaces the entry under `key`; returns what is stored and which keys were evicted for it. */
  put(key: string, tensors: Map<string, Tensor>): CacheStored {
    this.delete(key);
    let bytes = 0;
    for (const t of tensors.values()) bytes += bytesOf(t);
    this.entries.set(key, { tensors, bytes });
    this.total += bytes;
    return { key, names: [...tensors.keys()], bytes, evicted: this.evictOver(key) };
  }

  /** The cached tensor; marks the entry as just used. */
  get(key: string, name: string): Tensor {
    const entry = this.entries.get(key);
    const tensor = entry?.tensors.get(name);
    if (!entry || !tensor) {
      throw new MaskcueError(
        'NOT_FOUND',
        `The cached tensor ${name} of ${key} is not in the inference host (it was evicted, or the host restarted); compute it again.`,
      );
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return tensor;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Drops the named entries, or all of them; returns the keys that were there. */
  drop(keys?: readonly string[]): string[] {
    const targets = keys ?? [...this.entries.keys()];
    return targets.filter((key) => this.delete(key));
  }

  get bytes(): number {
    return this.total;
  }

  private delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }

  private evictOver(keep: string | null): string[] {
    const evicted: string[] = [];
    for (const key of [...this.entries.keys()]) {
      if (this.total <= this.maxBytes) break;
      if (key === keep) continue;
      this.delete(key);
      evicted.push(key);
    }
    return evicted;
  }
}
