import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceLock } from './workspace-lock';
import { deadPid, liveChild, makeTempDir, removeTempDirs } from './spec-helpers';

afterEach(removeTempDirs);

function lockPath(): string {
  return path.join(makeTempDir(), 'workspace.lock');
}

function writeLock(file: string, pid: number, hostname = os.hostname()): void {
  fs.writeFileSync(file, JSON.stringify({ pid, hostname, startedAt: '2025-01-01T00:00:00.000Z' }));
}

describe('WorkspaceLock', () => {
  it('writes {pid, hostname, startedAt} and removes the file on release', () => {
    const file = lockPath();
    const lock = WorkspaceLock.acquire(file);
    const owner: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(owner).toEqual({ pid: process.pid, hostname: os.hostname(), startedAt: expect.any(String) });
    lock.release();
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a second holder in the same process, naming pid and path', () => {
    const file = lockPath();
    const lock = WorkspaceLock.acquire(file);
    try {
      expect(() => WorkspaceLock.acquire(file)).toThrow(
        expect.objectContaining({
          code: 'WORKSPACE_LOCKED',
          message: expect.stringMatching(new RegExp(`process ${process.pid}.*${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*Close MaskCue there, or open another workspace with --workspace DIR`)),
        }),
      );
    } finally {
      lock.release();
    }
  });

  it('refuses a lock held by another live process on this host', async () => {
    const file = lockPath();
    const child = liveChild();
    try {
      writeLock(file, child.pid);
      expect(() => WorkspaceLock.acquire(file)).toThrow(expect.objectContaining({ code: 'WORKSPACE_LOCKED' }));
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: child.pid });
    } finally {
      child.kill();
    }
  });

  it('takes over a lock whose process has exited', () => {
    const file = lockPath();
    const pid = deadPid();
    writeLock(file, pid);
    const lock = WorkspaceLock.acquire(file);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  it.each([[''], ['{"pid":'], ['not json'], ['{"pid":-4,"hostname":"x","startedAt":"y"}'], ['null']])(
    'takes over a lock file holding garbage %j',
    (garbage) => {
      const file = lockPath();
      fs.writeFileSync(file, garbage);
      const lock = WorkspaceLock.acquire(file);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
      lock.release();
    },
  );

  it('does not guess about a lock from another computer', () => {
    const file = lockPath();
    writeLock(file, deadPid(), 'reading-room-2');
    expect(() => WorkspaceLock.acquire(file)).toThrow(
      expect.objectContaining({ code: 'WORKSPACE_LOCKED', message: expect.stringContaining('on reading-room-2') }),
    );
  });

  it('leaves a lock alone on release once someone else has taken it over', () => {
    const file = lockPath();
    const lock = WorkspaceLock.acquire(file);
    writeLock(file, 424242);
    lock.release();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: 424242 });
  });
});
