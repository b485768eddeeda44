// SAM2 encoder features on disk, so reopening a study does not pay the encoder again (seconds per
// frame on a CPU for base+/large). One file per (model, cache key), in the safetensors layout
// (8-byte little-endian header length, JSON header, raw little-endian float32), readable by any
// safetensors tool; the header's __metadata__ carries the full key so a hash collision or a file
// from another model version reads as a miss. Written atomically; the folder is kept under a byte
// bound by removing the least recently used files (mtime is touched on every hit).

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { TensorMap } from '../../inference/protocol';
import { atomicWriteFile } from '../../workspace/atomic-write';

const FORMAT = 'maskcue-sam2-features/1';
const SUFFIX = '.safetensors';
export const DEFAULT_FEATURE_STORE_BYTES = 2 * 1024 ** 3;

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function featureKey(namespace: string, cacheKey: string): string {
  return createHash('sha256').update(namespace).update('\0').update(cacheKey).digest('hex');
}

export class FeatureStore {
  constructor(
    private readonly dir: string,
    private readonly maxBytes = DEFAULT_FEATURE_STORE_BYTES,
  ) {}

  private path(key: string): string {
    return join(this.dir, `${key}${SUFFIX}`);
  }

  /** The tensors stored for `key` with the same full key, or null (absent, other key, damaged). */
  async read(key: string, fullKey: string): Promise<TensorMap | null> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.path(key));
    } catch {
      return null;
    }
    const parsed = parse(bytes, fullKey);
    if (parsed === 'other-key') return null; // replaced by the next write under this hash
    if (parsed === null) {
      await fs.rm(this.path(key), { force: true }).catch(() => undefined);
      return null;
    }
    const now = new Date();
    await fs.utimes(this.path(key), now, now).catch(() => undefined);
    return parsed;
  }

  async write(key: string, fullKey: string, tensors: TensorMap): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await atomicWriteFile(this.path(key), serialise(tensors, fullKey));
    await this.trim();
  }

  private async trim(): Promise<void> {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith(SUFFIX));
    const files = await Promise.all(
      names.map(async (name) => {
        const st = await fs.stat(join(this.dir, name)).catch(() => null);
        return st ? { name, size: st.size, mtime: st.mtimeMs } : null;
      }),
    );
    const present = files.filter((f): f is { name: string; size: number; mtime: number } => f !== null).sort((a, b) => a.mtime - b.mtime);
    let total = present.reduce((sum, f) => sum + f.size, 0);
    for (const f of present.slice(0, -1)) {
      if (total <= this.maxBytes) break;
      await fs.rm(join(this.dir, f.name), { force: true }).catch(() => undefined);
      total -= f.size;
    }
  }
}

function serialise(tensors: TensorMap, fullKey: string): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = { __metadata__: { format: FORMAT, key: fullKey } };
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (t.type !== 'float32') throw new Error(`feature ${name} is ${t.type}; only float32 features are stored`);
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    header[name] = { dtype: 'F32', shape: t.dims, data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad the header so the data starts 8-byte aligned (the format allows trailing spaces).
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The tensors; 'other-key' when the file is sound but for another key; null when damaged. */
function parse(bytes: Buffer, fullKey: string): TensorMap | 'other-key' | null {
  try {
    if (bytes.length < 8) return null;
    const headerLength = Number(bytes.readBigUInt64LE(0));
    if (headerLength > 1_000_000 || 8 + headerLength > bytes.length) return null;
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
    const meta = header.__metadata__ as Record<string, string> | undefined;
    if (meta?.format !== FORMAT) return null;
    if (meta.key !== fullKey) return 'other-key';
    const base = 8 + headerLength;
    const out: TensorMap = {};
    for (const [name, value] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const entry = value as HeaderEntry;
      const [begin, end] = entry.data_offsets;
      const count = entry.shape.reduce((a, b) => a * b, 1);
      if (entry.dtype !== 'F32' || end - begin !== count * 4 || base + end > bytes.length) return null;
      // A fresh, aligned buffer: Float32Array needs 4-byte alignment, a Buffer slice may not have it.
      const data = new Float32Array(count);
      new Uint8Array(data.buffer).set(bytes.subarray(base + begin, base + end));
      out[name] = { type: 'float32', dims: entry.shape, data };
    }
    return out;
  } catch {
    return null;
  }
}
