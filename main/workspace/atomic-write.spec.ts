import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, atomicWriteFileSync, isAtomicTempName, tempPathFor } from './atomic-write';
import { makeTempDir, removeTempDirs } from './spec-helpers';

afterEach(removeTempDirs);

const CHUNK = 256 * 1024;

describe('atomicWriteFile', () => {
  it('writes strings and bytes and leaves no temp file', async () => {
    const dir = makeTempDir();
    const target = path.join(dir, 'report.pdf');
    await atomicWriteFile(target, 'first');
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
    await atomicWriteFile(target, new Uint8Array([1, 2, 3]));
    expect([...fs.readFileSync(target)]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(dir)).toEqual(['report.pdf']);
  });

  it('lets a reader see only the old file while a streamed write is in progress', async () => {
    const dir = makeTempDir();
    const target = path.join(dir, 'export.bin');
    const old = Buffer.alloc(CHUNK, 'a');
    fs.writeFileSync(target, old);
    const seen: boolean[] = [];
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 16; i++) {
        seen.push(fs.readFileSync(target).equals(old));
        yield Buffer.alloc(CHUNK, 'b');
        await tick();
      }
    }
    await atomicWriteFile(target, chunks());
    expect(seen).toHaveLength(16);
    expect(seen.every(Boolean)).toBe(true);
    expect(fs.readFileSync(target).equals(Buffer.alloc(16 * CHUNK, 'b'))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['export.bin']);
  });

  it('keeps the old content and removes the temp file when the data source fails midway', async () => {
    const dir = makeTempDir();
    const target = path.join(dir, 'export.bin');
    fs.writeFileSync(target, 'old content');
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.alloc(CHUNK, 'b');
      // The partial temp file exists now; the failure must take it away.
      expect(fs.readdirSync(dir).some((name) => isAtomicTempName(name, 'export.bin'))).toBe(true);
      throw new Error('renderer crashed');
    }
    await expect(atomicWriteFile(target, failing())).rejects.toThrow('renderer crashed');
    expect(fs.readFileSync(target, 'utf8')).toBe('old content');
    expect(fs.readdirSync(dir)).toEqual(['export.bin']);
  });

  it('removes the temp file and rethrows when the target is a directory', async () => {
    const dir = makeTempDir();
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    await expect(atomicWriteFile(target, 'x')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|EEXIST|ENOTEMPTY|EPERM/) });
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });

  it('rejects when the folder does not exist, creating nothing', async () => {
    const dir = makeTempDir();
    await expect(atomicWriteFile(path.join(dir, 'missing', 'f.txt'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('atomicWriteFileSync', () => {
  it('replaces the file and leaves no temp file', () => {
    const dir = makeTempDir();
    const target = path.join(dir, 'workspace.json');
    atomicWriteFileSync(target, 'one');
    atomicWriteFileSync(target, 'two');
    expect(fs.readFileSync(target, 'utf8')).toBe('two');
    expect(fs.readdirSync(dir)).toEqual(['workspace.json']);
  });

  it('removes the temp file and rethrows when the target is a directory', () => {
    const dir = makeTempDir();
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    expect(() => atomicWriteFileSync(target, 'x')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });
});

describe('temp names', () => {
  it('are hidden siblings that isAtomicTempName recognises, and unique', () => {
    const a = tempPathFor('/w/workspace.sqlite');
    const b = tempPathFor('/w/workspace.sqlite');
    expect(a).not.toBe(b);
    expect(path.dirname(a)).toBe('/w');
    expect(isAtomicTempName(path.basename(a), 'workspace.sqlite')).toBe(true);
    expect(isAtomicTempName(path.basename(a), 'workspace.json')).toBe(false);
    expect(isAtomicTempName('.workspace.sqlite.notes.tmp', 'workspace.sqlite')).toBe(false);
  });
});
