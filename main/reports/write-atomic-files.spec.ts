// An export's files land together or not at all: success, a missing folder, a read-only folder (real
// chmod where the tests do not run as root), and failures injected mid-write and mid-rename (disk
// full, read-only file system) that must leave the folder exactly as it was.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../tests/fixtures/maskcue-error';
import { writeFilesAtomically } from './write-atomic-files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'maskcue-export-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.chmodSync(dir, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const files = () => [
  { name: 'report.pdf', data: bytes('%PDF-1.7 report'), kind: 'pdf' as const },
  { name: 'seg.dcm', data: bytes('segmentation'), kind: 'seg' as const },
  { name: 'key.png', data: bytes('png bytes here'), kind: 'png' as const },
];

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe('writeFilesAtomically', () => {
  it('writes every file, reports paths and sizes, leaves no temp, and replaces an older export', async () => {
    fs.writeFileSync(join(dir, 'report.pdf'), 'old report');
    const written = await writeFilesAtomically(dir, files());
    expect(written).toEqual([
      { kind: 'pdf', path: join(dir, 'report.pdf'), bytes: 15 },
      { kind: 'seg', path: join(dir, 'seg.dcm'), bytes: 12 },
      { kind: 'png', path: join(dir, 'key.png'), bytes: 14 },
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['key.png', 'report.pdf', 'seg.dcm']);
    expect(fs.readFileSync(join(dir, 'report.pdf'), 'utf8')).toBe('%PDF-1.7 report');
  });

  it('says the folder does not exist, and writes nothing', async () => {
    const missing = join(dir, 'not-there');
    const error = await rejectionOf(writeFilesAtomically(missing, files()));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(`The folder ${missing} does not exist`);
    expect(error.message).toMatch(/choose an existing folder/);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('refuses a file given as the folder, and names that are paths or repeated', async () => {
    fs.writeFileSync(join(dir, 'file'), 'x');
    expect((await rejectionOf(writeFilesAtomically(join(dir, 'file'), files()))).message).toMatch(/is a file, not a folder/);
    expect((await rejectionOf(writeFilesAtomically(dir, [{ name: '../escape.pdf', data: bytes('x'), kind: 'pdf' }]))).message).toMatch(/not a plain file name/);
    expect((await rejectionOf(writeFilesAtomically(dir, [...files(), files()[0]!]))).message).toMatch(/twice/);
    expect(fs.readdirSync(dir)).toEqual(['file']);
  });

  it('says a read-only folder is read-only (real chmod 0o555)', async (context) => {
    fs.chmodSync(dir, 0o555);
    // root (and CAP_DAC_OVERRIDE) writes through mode bits: this case cannot be made real here.
    let writable = false;
    try {
      fs.writeFileSync(join(dir, 'probe'), 'x');
      fs.rmSync(join(dir, 'probe'));
      writable = true;
    } catch {
      // expected for an ordinary user
    }
    if (writable) {
      context.skip('running as root: chmod 0o555 does not stop writes here (the injected EACCES/EROFS cases below cover the messages)');
      return;
    }
    const error = await rejectionOf(writeFilesAtomically(dir, files()));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/may not write in the folder .* choose another folder/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('removes every temp when a write fails part-way (disk full on the second file)', async () => {
    const open = fs.promises.open.bind(fs.promises);
    let calls = 0;
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof fs.promises.open>) => {
      calls += 1;
      if (calls === 2) throw errno('ENOSPC');
      return open(...args);
    });
    const error = await rejectionOf(writeFilesAtomically(dir, files()));
    expect(error.message).toMatch(/disk holding .* is full; free some space or choose a folder on another disk/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes back files already renamed, and restores the ones they replaced, when a rename fails', async () => {
    fs.writeFileSync(join(dir, 'report.pdf'), 'old report');
    fs.writeFileSync(join(dir, 'unrelated.txt'), 'keep me');
    const rename = fs.promises.rename.bind(fs.promises);
    vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).endsWith('key.png')) throw errno('EROFS');
      return rename(from, to);
    });
    const error = await rejectionOf(writeFilesAtomically(dir, files()));
    expect(error.message).toMatch(/is read-only .* choose another folder/);
    expect(fs.readdirSync(dir).sort()).toEqual(['report.pdf', 'unrelated.txt']);
    expect(fs.readFileSync(join(dir, 'report.pdf'), 'utf8')).toBe('old report');
  });

  it('explains permission errors', async () => {
    vi.spyOn(fs.promises, 'open').mockRejectedValue(errno('EACCES'));
    const error = await rejectionOf(writeFilesAtomically(dir, files()));
    expect(error.message).toContain(`MaskCue may not write in the folder ${dir}`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
