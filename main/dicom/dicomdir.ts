// DICOMDIR: the index file on a DICOM CD or USB stick. Its directory records name the image files
// by ReferencedFileID (0004,1500), a list of path components relative to the DICOMDIR's folder
// ("PT000000\ST000000\IM000001"). We read every record that has one, whatever its place in the
// patient/study/series tree: some writers get the record offsets wrong, and the files themselves
// are read anyway, so the tree adds nothing the import needs.
import fs from 'node:fs';
import path from 'node:path';
import { SopClass } from '../../common/dicom/uids';
import type { DataSet } from './dicom-parser';
import type { ParsedHeader } from './read-header';
import { asciiString, items, uint16 } from './values';

export function isDicomdir(header: ParsedHeader): boolean {
  const sopClass = header.meta ? asciiString(header.meta, '00020002') : '';
  return sopClass === SopClass.MediaStorageDirectoryStorage || header.body.elements.x00041220 !== undefined;
}

/** ReferencedFileIDs of the records in use, in record order, each as its path components. */
export function referencedFileIds(header: ParsedHeader): string[][] {
  const seen = new Set<string>();
  const ids: string[][] = [];
  for (const record of items(header.body, '00041220')) {
    if (!inUse(record)) continue;
    const raw = asciiString(record, '00041500');
    if (!raw || seen.has(raw)) continue;
    seen.add(raw);
    ids.push(raw.split('\\').map((part) => part.trim()));
  }
  return ids;
}

// RecordInUseFlag (0004,1410) 0000H marks a deleted record; absent or FFFFH means in use.
function inUse(record: DataSet): boolean {
  return uint16(record, '00041410') !== 0;
}

export type Resolution = { kind: 'found'; path: string } | { kind: 'missing'; path: string } | { kind: 'unsafe' };

/** Lists a folder once per DICOMDIR; a CD has thousands of files in a few folders. */
export type FolderCache = Map<string, string[] | null>;

async function listFolder(folder: string, cache: FolderCache): Promise<string[] | null> {
  if (!cache.has(folder)) {
    try {
      cache.set(folder, await fs.promises.readdir(folder));
    } catch {
      cache.set(folder, null);
    }
  }
  return cache.get(folder) ?? null;
}

// ISO 9660 CDs may show "IM000001.;1" or "im000001." for "IM000001": compare without those.
const normalise = (name: string): string => name.replace(/;\d+$/, '').replace(/\.$/, '').toUpperCase();

/** The file a ReferencedFileID names: exact path first, then a case-insensitive match per component. */
export async function resolveReferencedFile(
  dicomdirFolder: string,
  components: readonly string[],
  cache: FolderCache = new Map(),
): Promise<Resolution> {
  const unsafe = components.some(
    (part) => part === '' || part === '.' || part === '..' || /[/\\:\0]/.test(part) || path.isAbsolute(part),
  );
  if (unsafe || components.length === 0) return { kind: 'unsafe' };
  const direct = path.join(dicomdirFolder, ...components);
  if (await exists(direct)) return { kind: 'found', path: direct };
  let current = dicomdirFolder;
  for (const part of components) {
    const entries = await listFolder(current, cache);
    const wanted = normalise(part);
    const match = entries?.find((entry) => entry === part) ?? entries?.find((entry) => normalise(entry) === wanted);
    if (!match) return { kind: 'missing', path: direct };
    current = path.join(current, match);
  }
  return { kind: 'found', path: current };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}
