// Files that belong to a workspace but not in its database (masks, embedding caches, thumbnails),
// addressed by a relative path under <workspace>/blobs/. Callers build these paths from UIDs and
// ids that arrive over IPC, so every path is checked to stay inside blobs/.
import fs from 'node:fs';
import path from 'node:path';
import { MaskcueError } from '../../common/api';
import { atomicWriteFile, type AtomicData } from './atomic-write';
import { isErrno } from './errno';

export class BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path of a blob; throws INVALID_ARGUMENT for anything that could leave blobs/. */
  resolve(relativePath: string): string {
    const refuse = (why: string): never => {
      throw new MaskcueError('INVALID_ARGUMENT', `Blob path ${JSON.stringify(relativePath)} refused: ${why}.`);
    };
    if (typeof relativePath !== 'string' || relativePath.length === 0) refuse('it is empty');
    if (relativePath.includes('\0')) refuse('it contains a NUL byte');
    // Both flavours, whatever the platform: a workspace folder moves between machines.
    if (path.posix.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath) || /^[a-zA-Z]:/.test(relativePath)) {
      refuse('it must be relative to the blobs folder');
    }
    if (relativePath.split(/[\\/]/).includes('..')) refuse('".." is not allowed');
    const full = path.resolve(this.root, relativePath);
    if (!full.startsWith(this.root + path.sep)) refuse('it does not name a file inside the blobs folder');
    return full;
  }

  async write(relativePath: string, data: AtomicData): Promise<void> {
    const full = this.resolve(relativePath);
    await fs.promises.mkdir(path.dirname(full), { recursive: true });
    await atomicWriteFile(full, data);
  }

  async read(relativePath: string): Promise<Buffer> {
    const full = this.resolve(relativePath);
    try {
      return await fs.promises.readFile(full);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) {
        throw new MaskcueError('NOT_FOUND', `Blob ${relativePath} is missing from ${this.root}.`);
      }
      throw error;
    }
  }

  async exists(relativePath: string): Promise<boolean> {
    const full = this.resolve(relativePath);
    try {
      return (await fs.promises.stat(full)).isFile();
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /** Resolves to whether a file was there to remove, so callers need not check first. */
  async remove(relativePath: string): Promise<boolean> {
    const full = this.resolve(relativePath);
    try {
      await fs.promises.unlink(full);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }
}
