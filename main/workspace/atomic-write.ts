// Atomic file replacement: write a temp file in the target's own directory (so the rename stays on
// one filesystem), fsync it, rename it over the target, fsync the directory. A reader sees the old
// file or the new one, never a partial one, and a crash mid-write leaves the old file in place.
// Reused by every feature that saves a file (blobs, markers, exports).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What can be written: whole contents, or chunks produced as the export is generated. */
export type AtomicData = string | Uint8Array | AsyncIterable<Uint8Array>;

const TEMP_SUFFIX = '.tmp';

/** A unique, hidden sibling of `target`: `.<name>.<pid>.<random>.tmp`. */
export function tempPathFor(target: string): string {
  const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.${unique}${TEMP_SUFFIX}`);
}

/** Whether `name` is a temp file that atomicWriteFile made for a target called `targetName`. */
export function isAtomicTempName(name: string, targetName: string): boolean {
  const prefix = `.${targetName}.`;
  if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) return false;
  return /^\d+\.[0-9a-f]{12}$/.test(name.slice(prefix.length, -TEMP_SUFFIX.length));
}

export async function atomicWriteFile(target: string, data: AtomicData): Promise<void> {
  const temp = tempPathFor(target);
  try {
    // 'wx': never write through a file someone else put at our temp name.
    const handle = await fs.promises.open(temp, 'wx');
    try {
      await fs.promises.writeFile(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, target);
  } catch (error) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  syncDirectory(path.dirname(target));
}

/** For small files written while the caller must stay synchronous (opening a workspace). */
export function atomicWriteFileSync(target: string, data: string | Uint8Array): void {
  const temp = tempPathFor(target);
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // The original error matters more than a temp file we could not remove.
    }
    throw error;
  }
  syncDirectory(path.dirname(target));
}

/**
 * Makes a rename durable on POSIX. Best effort: Windows cannot open a directory for fsync, and the
 * rename has already happened, so a failure here must not report the write as failed.
 */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // See above.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
