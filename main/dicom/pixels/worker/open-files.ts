// The worker's parsed files, least recently used first out, bounded by their bytes: scrolling a
// 96-frame cine parses the file once, not 96 times. A file whose size or mtime changed is re-read.
import { readFileSync, statSync } from 'node:fs';
import { DecodeError } from '../decode-error';
import { openImage, type OpenedImage } from '../decode-frame';
import type { SizeLimits } from '../size-guard';

interface Entry {
  image: OpenedImage;
  bytes: number;
  size: number;
  mtimeMs: number;
}

export class OpenFiles {
  private readonly entries = new Map<string, Entry>();
  private used = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly limits: SizeLimits,
  ) {}

  open(path: string, transferSyntaxUID: string): OpenedImage {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new DecodeError('not-found', `The file ${path} is gone (moved, deleted, or on a drive that is not connected).`);
    }
    const cached = this.entries.get(path);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) {
      this.entries.delete(path);
      this.entries.set(path, cached);
      return cached.image;
    }
    this.forget(path);
    const image = openImage(readFileSync(path), { transferSyntaxUID, limits: this.limits });
    const bytes = image.parsed.bytes.byteLength;
    this.entries.set(path, { image, bytes, size: stat.size, mtimeMs: stat.mtimeMs });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes || oldest === path) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
    return image;
  }

  forget(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    this.used -= entry.bytes;
  }
}
