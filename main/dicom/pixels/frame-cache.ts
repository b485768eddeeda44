// Decoded frames kept for scrolling back and forth, least recently used first out, bounded by bytes
// (pixel buffers dominate; LUTs are counted too). A frame bigger than the whole budget is not kept.
import type { DecodedFrame } from '../../../common/dicom';

export const DEFAULT_FRAME_CACHE_BYTES = 512 * 1024 ** 2;

export function frameBytes(frame: DecodedFrame): number {
  const luts = (frame.modalityLut?.data.byteLength ?? 0) + (frame.voiLut?.data.byteLength ?? 0);
  // A little for the object itself, so thousands of tiny frames still count.
  return frame.pixels.byteLength + luts + 1024;
}

export class FrameCache {
  private readonly entries = new Map<string, { frame: DecodedFrame; bytes: number }>();
  private used = 0;

  constructor(readonly maxBytes: number = DEFAULT_FRAME_CACHE_BYTES) {}

  static key(SOPInstanceUID: string, frame: number): string {
    return `${SOPInstanceUID}#${frame}`;
  }

  get(key: string): DecodedFrame | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-insert: Map iteration order is insertion order, so the oldest entry is always first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.frame;
  }

  set(key: string, frame: DecodedFrame): void {
    const bytes = frameBytes(frame);
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { frame, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  /** Drops every frame of one instance (its file changed or went away). */
  deleteInstance(SOPInstanceUID: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${SOPInstanceUID}#`)) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }
}
