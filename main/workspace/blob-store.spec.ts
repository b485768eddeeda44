import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MaskcueError } from '../../common/api';
import { BlobStore } from './blob-store';
import { makeTempDir, removeTempDirs } from './spec-helpers';

afterEach(removeTempDirs);

function store(): { blobs: BlobStore; root: string; outside: string } {
  const dir = makeTempDir();
  const root = path.join(dir, 'blobs');
  fs.mkdirSync(root);
  return { blobs: new BlobStore(root), root, outside: dir };
}

describe('BlobStore', () => {
  it('writes, reads, checks and removes blobs in nested folders', async () => {
    const { blobs, root } = store();
    await blobs.write('masks/1.2.3/frame-0.bin', new Uint8Array([9, 8, 7]));
    expect(await blobs.exists('masks/1.2.3/frame-0.bin')).toBe(true);
    expect([...(await blobs.read('masks/1.2.3/frame-0.bin'))]).toEqual([9, 8, 7]);
    expect(fs.readdirSync(path.join(root, 'masks', '1.2.3'))).toEqual(['frame-0.bin']);
    expect(await blobs.remove('masks/1.2.3/frame-0.bin')).toBe(true);
    expect(await blobs.remove('masks/1.2.3/frame-0.bin')).toBe(false);
    expect(await blobs.exists('masks/1.2.3/frame-0.bin')).toBe(false);
  });

  it('reports a missing blob as NOT_FOUND', async () => {
    const { blobs } = store();
    await expect(blobs.read('nope.bin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['../escape.bin'],
    ['masks/../../escape.bin'],
    ['..\\escape.bin'],
    ['/etc/passwd'],
    ['C:\\Windows\\win.ini'],
    ['C:relative.bin'],
    ['\\\\server\\share\\x'],
    [''],
    ['.'],
    ['a/..'],
    ['bad\0name'],
  ])('refuses %j without touching the disk', async (bad) => {
    const { blobs, outside } = store();
    const before = fs.readdirSync(outside);
    expect(() => blobs.resolve(bad)).toThrow(MaskcueError);
    await expect(blobs.write(bad, 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(blobs.read(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(blobs.exists(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(blobs.remove(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(fs.readdirSync(outside)).toEqual(before);
  });

  it('accepts names that merely contain dots', async () => {
    const { blobs } = store();
    await blobs.write('1.2.840.10008..x/..hidden..', 'ok');
    expect(await blobs.read('1.2.840.10008..x/..hidden..')).toEqual(Buffer.from('ok'));
  });
});
