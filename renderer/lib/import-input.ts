// What the import dialog and a drop hand over: typed paths, and dropped files cut into batches.

/** Dropped files go in batches this big (bytes and count), so no one message is huge. */
export const BATCH_BYTES = 32 * 1024 * 1024;
export const BATCH_FILES = 400;

export function splitPaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^"(.*)"$/, '$1'))
    .filter((line) => line.length > 0);
}

export function batchFiles<T extends { size: number }>(files: readonly T[], maxBytes = BATCH_BYTES, maxFiles = BATCH_FILES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (bytes + file.size > maxBytes || current.length >= maxFiles)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
