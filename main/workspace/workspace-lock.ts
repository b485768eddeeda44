// Keeps a second MaskCue (or a second Workspace in this process) off a workspace that is open.
// SQLite's own locking is not enough: it serialises single transactions, not sessions, so two
// instances would each work from their own caches and overwrite each other's blobs; and
// node-sqlite3-wasm's lock answers "database is locked" at once instead of waiting.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { MaskcueError } from '../../common/api';
import { isErrno } from './errno';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

type LockState = { kind: 'missing' } | { kind: 'garbage'; raw: string } | { kind: 'owner'; owner: LockOwner; raw: string };

const MAX_ATTEMPTS = 5;
// A lock file is created empty and filled a moment later; give a racing creator this long before
// calling unreadable contents stale.
const SETTLE_MS = 100;

export class WorkspaceLock {
  readonly path: string;
  readonly owner: LockOwner;
  private readonly content: string;
  private held = true;

  private constructor(lockPath: string, owner: LockOwner, content: string) {
    this.path = lockPath;
    this.owner = owner;
    this.content = content;
  }

  /** Takes the lock, taking over a stale one; throws WORKSPACE_LOCKED when a live owner holds it. */
  static acquire(lockPath: string): WorkspaceLock {
    const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
    const content = `${JSON.stringify(owner)}\n`;
    let waitedForGarbage = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (tryCreate(lockPath, content)) return new WorkspaceLock(lockPath, owner, content);
      const state = readLock(lockPath);
      if (state.kind === 'missing') continue;
      if (state.kind === 'owner' && isAlive(state.owner)) throw lockedError(lockPath, state.owner);
      if (state.kind === 'garbage' && !waitedForGarbage) {
        waitedForGarbage = true;
        sleepSync(SETTLE_MS);
        continue;
      }
      takeOver(lockPath, state.raw);
    }
    const state = readLock(lockPath);
    if (state.kind === 'owner') throw lockedError(lockPath, state.owner);
    throw new MaskcueError(
      'WORKSPACE_LOCKED',
      `Could not take the workspace lock ${lockPath}: another MaskCue keeps creating it. Close MaskCue there, or open another workspace with --workspace DIR.`,
    );
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Idempotent. Removes the file only while it is still ours, never a lock someone took over. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    let current: string;
    try {
      current = fs.readFileSync(this.path, 'utf8');
    } catch {
      return;
    }
    if (current === this.content) fs.rmSync(this.path, { force: true });
  }
}

function tryCreate(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx');
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(lockPath, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  return true;
}

function readLock(lockPath: string): LockState {
  let raw: string;
  try {
    raw = fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { kind: 'missing' };
    // A directory or a file we may not read is not ours to remove; let the person see why.
    throw error;
  }
  const owner = parseOwner(raw);
  return owner ? { kind: 'owner', owner, raw } : { kind: 'garbage', raw };
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, hostname, startedAt } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return null;
    if (typeof hostname !== 'string' || typeof startedAt !== 'string') return null;
    return { pid, hostname, startedAt };
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A pid on another machine (a workspace on a network share) cannot be checked from here.
  if (owner.hostname !== os.hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user, which is still a live owner.
    return !isErrno(error, 'ESRCH');
  }
}

/**
 * Moves a stale lock aside, then checks that what was moved is the file judged stale. Another
 * instance may have taken it over in between; its fresh lock is put back rather than deleted.
 */
function takeOver(lockPath: string, staleRaw: string): void {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const movedRaw = fs.readFileSync(aside, 'utf8');
  if (movedRaw !== staleRaw) {
    try {
      // link, not rename: fails rather than overwrite a lock created since.
      fs.linkSync(aside, lockPath);
    } catch {
      // Someone holds the lock path again; the next attempt reads who.
    }
  }
  fs.rmSync(aside, { force: true });
}

function lockedError(lockPath: string, owner: LockOwner): MaskcueError {
  const where = owner.hostname === os.hostname() ? 'on this computer' : `on ${owner.hostname}`;
  return new MaskcueError(
    'WORKSPACE_LOCKED',
    `This workspace is already open in MaskCue (process ${owner.pid} ${where}, since ${owner.startedAt}; lock file ${lockPath}). ` +
      `Close MaskCue there, or open another workspace with --workspace DIR. ` +
      `If no MaskCue is running as process ${owner.pid} ${where}, delete ${lockPath} and try again.`,
  );
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
