// Where a file's bytes come from: a path on disk (read piece by piece, so a 2 GB multi-frame file
// costs only its header) or bytes already in memory (files dropped on the browser-mode page).
import fs from 'node:fs';

export interface ByteSource {
  /** Shown in reports: the path, or the dropped file's name. */
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number | null;
  /** Bytes [position, position + length), fewer only at the end of the file. */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export class FileByteSource implements ByteSource {
  private constructor(
    readonly name: string,
    readonly size: number,
    readonly mtimeMs: number,
    private readonly handle: fs.promises.FileHandle,
  ) {}

  static async open(filePath: string): Promise<FileByteSource> {
    const handle = await fs.promises.open(filePath, 'r');
    try {
      const stat = await handle.stat();
      return new FileByteSource(filePath, stat.size, stat.mtimeMs, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const wanted = Math.max(0, Math.min(length, this.size - position));
    const buffer = Buffer.allocUnsafe(wanted);
    let done = 0;
    while (done < wanted) {
      const { bytesRead } = await this.handle.read(buffer, done, wanted - done, position + done);
      if (bytesRead === 0) break; // The file shrank since we looked at it.
      done += bytesRead;
    }
    return done === wanted ? buffer : buffer.subarray(0, done);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

export class MemoryByteSource implements ByteSource {
  readonly size: number;
  readonly mtimeMs = null;

  constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
  ) {
    this.size = bytes.length;
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    return this.bytes.subarray(position, Math.min(this.size, position + length));
  }

  async close(): Promise<void> {}
}
