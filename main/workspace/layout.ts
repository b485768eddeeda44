// Names inside a workspace folder, and which entries are ours to ignore or tidy away.
import path from 'node:path';
import { isAtomicTempName } from './atomic-write';

export const DB_FILE = 'workspace.sqlite';
export const MARKER_FILE = 'workspace.json';
export const LOCK_FILE = 'workspace.lock';
export const BLOBS_DIR = 'blobs';

export interface WorkspacePaths {
  root: string;
  db: string;
  marker: string;
  lock: string;
  blobs: string;
  /** node-sqlite3-wasm's VFS locks a database by creating this directory (see stale-sqlite-lock). */
  sqliteLockDir: string;
}

export function workspacePaths(root: string): WorkspacePaths {
  const db = path.join(root, DB_FILE);
  return {
    root,
    db,
    marker: path.join(root, MARKER_FILE),
    lock: path.join(root, LOCK_FILE),
    blobs: path.join(root, BLOBS_DIR),
    sqliteLockDir: `${db}.lock`,
  };
}

// Files the OS drops into any folder a user has looked at; a folder holding only these is empty.
const OS_CLUTTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Left behind by our own interrupted writes in the root: never user data. */
export function isOwnLeftover(name: string): boolean {
  if (name.startsWith(`${LOCK_FILE}.stale-`)) return true;
  if (name === `${DB_FILE}.lock`) return true;
  if (isAtomicTempName(name, MARKER_FILE)) return true;
  // A database being created lives under a temp name, with SQLite's journal and lock dir beside it.
  return isAtomicTempName(name.replace(/(-journal|\.lock)$/, ''), DB_FILE);
}

/** True when the folder holds nothing but our lock, our leftovers and OS clutter. */
export function isEffectivelyEmpty(entries: readonly string[]): boolean {
  return entries.every((name) => name === LOCK_FILE || OS_CLUTTER.has(name) || isOwnLeftover(name));
}
