// Loads the source image a finding was drawn on, as the SEG/SR writers need it: the dcmjs naturalized
// header (stopping before Pixel Data: the writers copy patient/study modules and references, never
// source pixels). The workspace may reference files in place, so a file can have moved since import;
// that gets its own message, because the fix (re-import) differs from a damaged file's.
import { readFile } from 'node:fs/promises';
import { MaskcueError } from '../../../common/api';
import type { SourceInstance } from '../types';
import { decodePart10 } from './dcmjs';

export async function loadSourceInstance(path: string): Promise<SourceInstance> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new MaskcueError('NOT_FOUND', `The source image ${path} is no longer there (moved or deleted since import). Re-import the study, then export again.`);
    }
    throw new MaskcueError('NOT_FOUND', `The source image ${path} cannot be read (${code ?? String(error)}). Check the file's permissions, or re-import the study.`);
  }
  let parsed: ReturnType<typeof decodePart10>;
  try {
    parsed = decodePart10(bytes, true);
  } catch (error) {
    throw new MaskcueError('INVALID_ARGUMENT', `The source image ${path} is not a readable DICOM Part 10 file (${(error as Error).message}). Re-import the study; if it keeps failing, the file is damaged.`);
  }
  const { meta, dataset } = parsed;
  const SOPInstanceUID = str(dataset.SOPInstanceUID) ?? str(meta.MediaStorageSOPInstanceUID);
  const SOPClassUID = str(dataset.SOPClassUID) ?? str(meta.MediaStorageSOPClassUID);
  if (!SOPInstanceUID || !SOPClassUID) {
    throw new MaskcueError('INVALID_ARGUMENT', `The source image ${path} has no SOP Class/Instance UID, so an export cannot reference it. Choose another image.`);
  }
  delete dataset.PixelData;
  return { path, SOPInstanceUID, SOPClassUID, dataset };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
