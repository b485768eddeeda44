// Turns what the user picked (files, folders, a CD's root) into the files to look at, depth first
// in name order so two imports of the same folder meet files in the same order. Hidden entries
// (".name") are what macOS, git and backup tools leave behind; they are passed over without a word
// unless the caller wants to check whether one is really DICOM. Folder links are followed once.
import type { Dirent } from 'node:fs';
import fs from 'node:fs';
import path from 'node:path';
import * as reasons from '../reasons';

export type WalkItem =
  | { kind: 'file'; path: string }
  /** A dot-file inside a folder: imported only if it is DICOM, and then reported, not imported. */
  | { kind: 'hidden'; path: string }
  | { kind: 'failed'; path: string; reason: string };

// Files the OS drops into folders a user has browsed: never worth a line in the report.
const CLUTTER = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db', '$recycle.bin', 'system volume information']);

function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return reasons.notFound;
  return reasons.unreadable(code, error instanceof Error ? error.message : String(error));
}

export interface WalkOptions {
  /** Told how many more files were found (the progress bar's total grows as folders are read). */
  onFound?: (count: number) => void;
}

export async function* walkPaths(paths: readonly string[], options: WalkOptions = {}): AsyncGenerator<WalkItem> {
  const visited = new Set<string>();
  for (const given of paths) {
    const full = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(full);
    } catch (error) {
      yield { kind: 'failed', path: full, reason: errnoReason(error) };
      continue;
    }
    if (stat.isDirectory()) {
      yield* walkFolder(full, visited, options);
    } else if (stat.isFile()) {
      options.onFound?.(1);
      // Named explicitly: imported even when hidden.
      yield { kind: 'file', path: full };
    } else {
      yield { kind: 'failed', path: full, reason: reasons.specialFile };
    }
  }
}

async function* walkFolder(folder: string, visited: Set<string>, options: WalkOptions): AsyncGenerator<WalkItem> {
  let real: string;
  let entries: Dirent[];
  try {
    real = await fs.promises.realpath(folder);
    if (visited.has(real)) return; // A link back up the tree, or the same folder given twice.
    visited.add(real);
    entries = await fs.promises.readdir(folder, { withFileTypes: true });
  } catch (error) {
    yield { kind: 'failed', path: folder, reason: errnoReason(error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: WalkItem[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    if (CLUTTER.has(entry.name.toLowerCase())) continue;
    const hidden = entry.name.startsWith('.');
    const full = path.join(folder, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await fs.promises.stat(full);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // A dangling link is not a file the user meant to import.
      }
    }
    if (isDirectory) {
      if (!hidden) folders.push(full);
    } else if (isFile) {
      files.push(hidden ? { kind: 'hidden', path: full } : { kind: 'file', path: full });
    }
  }
  options.onFound?.(files.filter((item) => item.kind === 'file').length);
  yield* files;
  for (const sub of folders) yield* walkFolder(sub, visited, options);
}
