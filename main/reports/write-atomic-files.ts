// One export writes several files (PDF, SEG, SR, PNGs) that belong together, so they land together or
// not at all: every file goes to a hidden temp sibling first (fsynced, main/workspace/atomic-write's
// naming), and only when all are written are they renamed into place. If anything fails — disk full,
// read-only folder, no permission, folder gone — every temp and every file this call already renamed
// is removed, any file it replaced is put back, and the error says what to do about it.

import fs from 'node:fs';
import path from 'node:path';
import { MaskcueError } from '../../common/api';
import { syncDirectory, tempPathFor } from '../workspace/atomic-write';
import type { WrittenFile } from './types';

export interface FileToWrite {
  name: string;
  data: Uint8Array;
  kind: WrittenFile['kind'];
}

export async function writeFilesAtomically(dir: string, files: FileToWrite[]): Promise<WrittenFile[]> {
  checkNames(files);
  await checkFolder(dir);
  const targets = files.map((f) => path.join(dir, f.name));

  // Phase 1: every file to its temp, durably.
  const temps: string[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const temp = tempPathFor(targets[i]!);
      temps.push(temp);
      const handle = await fs.promises.open(temp, 'wx');
      try {
        await handle.writeFile(file.data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    await removeAll(temps);
    throw explain(error, dir, files[temps.length - 1]?.name ?? '');
  }

  // Phase 2: into place. A file already there is set aside (renamed, not copied) until all are in.
  const placed: { target: string; backup: string | null }[] = [];
  let current: { target: string; backup: string | null } | null = null;
  try {
    for (const [i, target] of targets.entries()) {
      current = { target, backup: null };
      if (await exists(target)) {
        current.backup = tempPathFor(target);
        await fs.promises.rename(target, current.backup);
      }
      await fs.promises.rename(temps[i]!, target);
      placed.push(current);
      current = null;
    }
  } catch (error) {
    if (current?.backup) await fs.promises.rename(current.backup, current.target).catch(() => undefined);
    for (const done of placed.reverse()) {
      await fs.promises.rm(done.target, { force: true }).catch(() => undefined);
      if (done.backup) await fs.promises.rename(done.backup, done.target).catch(() => undefined);
    }
    await removeAll(temps);
    throw explain(error, dir, path.basename(current?.target ?? ''));
  }
  await removeAll(placed.flatMap((p) => (p.backup ? [p.backup] : [])));
  syncDirectory(dir);
  return files.map((f, i) => ({ kind: f.kind, path: targets[i]!, bytes: f.data.byteLength }));
}

function checkNames(files: FileToWrite[]): void {
  const seen = new Set<string>();
  for (const { name } of files) {
    if (!name || name === '.' || name === '..' || name !== path.basename(name) || /[/\\\0]/.test(name)) {
      throw new MaskcueError('INVALID_ARGUMENT', `"${name}" is not a plain file name; export names must not contain folders.`);
    }
    if (seen.has(name)) throw new MaskcueError('INVALID_ARGUMENT', `The export would write "${name}" twice; give each file its own name.`);
    seen.add(name);
  }
}

async function checkFolder(dir: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(dir);
  } catch (error) {
    throw explain(error, dir, '');
  }
  if (!stat.isDirectory()) throw new MaskcueError('INVALID_ARGUMENT', `${dir} is a file, not a folder; choose a folder to export to. Nothing was written.`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.lstat(file);
    return true;
  } catch {
    return false;
  }
}

async function removeAll(files: string[]): Promise<void> {
  for (const file of files) await fs.promises.rm(file, { force: true }).catch(() => undefined);
}

/** The system error as the person exporting needs it: what is wrong with the folder, what to do. */
export function explain(error: unknown, dir: string, name: string): MaskcueError {
  if (error instanceof MaskcueError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const none = 'Nothing from this export was kept.';
  switch (code) {
    case 'ENOENT':
      return new MaskcueError('NOT_FOUND', `The folder ${dir} does not exist (or was removed during the export); choose an existing folder or create it, then export again. ${none}`);
    case 'ENOTDIR':
      return new MaskcueError('INVALID_ARGUMENT', `${dir} is not a folder; choose a folder to export to. ${none}`);
    case 'EROFS':
      return new MaskcueError('INVALID_ARGUMENT', `The folder ${dir} is read-only (a read-only disk or share); choose another folder. ${none}`);
    case 'EACCES':
    case 'EPERM':
      return new MaskcueError('INVALID_ARGUMENT', `MaskCue may not write in the folder ${dir} (permission denied); choose another folder or ask for write access. ${none}`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new MaskcueError('INVALID_ARGUMENT', `The disk holding ${dir} is full${code === 'EDQUOT' ? ' (your quota is used up)' : ''}; free some space or choose a folder on another disk, then export again. ${none}`);
    case 'ENAMETOOLONG':
      return new MaskcueError('INVALID_ARGUMENT', `The name ${name} is too long for the disk holding ${dir}; choose a shorter name or a folder nearer the top of the disk. ${none}`);
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new MaskcueError('INTERNAL', `Writing ${name || 'the export'} in ${dir} failed (${detail}); try again or choose another folder. ${none}`);
    }
  }
}
