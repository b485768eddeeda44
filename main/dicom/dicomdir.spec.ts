import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDicomdir, referencedFileIds, resolveReferencedFile } from './dicomdir';
import { MemoryByteSource } from './file-source';
import { readHeader } from './read-header';
import { part10, type SpecElement } from './spec-dicom';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'maskcue-dicomdir-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function touch(...parts: string[]): string {
  const file = path.join(root, ...parts);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x');
  return file;
}

const record = (type: string, fileId?: string, inUse = 0xffff): SpecElement[] => [
  { tag: '00041410', vr: 'US', value: [inUse] },
  { tag: '00041430', vr: 'CS', value: type },
  ...(fileId ? [{ tag: '00041500', vr: 'CS', value: fileId }] : []),
];

describe('DICOMDIR records', () => {
  it('lists the ReferencedFileID of every record in use, split into path components', async () => {
    const dicomdir = part10([
      { tag: '00041130', vr: 'CS', value: 'TEST' },
      {
        tag: '00041220',
        vr: 'SQ',
        value: [
          record('PATIENT'),
          record('STUDY'),
          record('SERIES'),
          record('IMAGE', 'PT000000\\ST000000\\SE000000\\IM000000'),
          record('IMAGE', 'PT000000\\ST000000\\SE000000\\IM000001'),
          record('IMAGE', 'DELETED\\IM9', 0),
          record('IMAGE', 'PT000000\\ST000000\\SE000000\\IM000000'),
        ],
      },
    ]);
    // Recognised by its DirectoryRecordSequence even where the meta header names another SOP class.
    const header = await readHeader(new MemoryByteSource('DICOMDIR', dicomdir));
    expect(isDicomdir(header)).toBe(true);
    expect(referencedFileIds(header)).toEqual([
      ['PT000000', 'ST000000', 'SE000000', 'IM000000'],
      ['PT000000', 'ST000000', 'SE000000', 'IM000001'],
    ]);
  });
});

describe('ReferencedFileID resolution, relative to the DICOMDIR folder', () => {
  it('joins the components under the DICOMDIR folder', async () => {
    const file = touch('cd1', 'PT0', 'ST0', 'IM1');
    expect(await resolveReferencedFile(path.join(root, 'cd1'), ['PT0', 'ST0', 'IM1'])).toEqual({ kind: 'found', path: file });
  });

  it('matches names case-insensitively and ignores ISO 9660 ";1" versions (CDs mounted on Linux)', async () => {
    const file = touch('cd2', 'pt0', 'st0', 'im1.;1');
    expect(await resolveReferencedFile(path.join(root, 'cd2'), ['PT0', 'ST0', 'IM1'])).toEqual({ kind: 'found', path: file });
  });

  it('reports a missing file with the path it expected', async () => {
    expect(await resolveReferencedFile(path.join(root, 'cd1'), ['PT0', 'NOPE'])).toEqual({ kind: 'missing', path: path.join(root, 'cd1', 'PT0', 'NOPE') });
  });

  it('refuses components that would leave the folder', async () => {
    touch('outside');
    for (const components of [['..', 'outside'], ['/etc/passwd'], ['a/b'], [''], []]) {
      expect(await resolveReferencedFile(path.join(root, 'cd1'), components)).toEqual({ kind: 'unsafe' });
    }
  });
});
