// The one place the import side loads dicom-parser. Its package is a UMD bundle with no ESM named
// exports, so a static `import { parseDicom }` fails under Node's ESM loader (the CLI bundle keeps
// packages external); createRequire loads it the CommonJS way under Node, Vitest and Electron alike.
import { createRequire } from 'node:module';
import type * as DicomParserModule from 'dicom-parser';

export type { DataSet, Element } from 'dicom-parser';

export const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParserModule;

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }`; this digs out the words. */
export function parserMessage(thrown: unknown): string {
  let value = thrown;
  if (typeof value === 'object' && value !== null && 'exception' in value) value = (value as { exception: unknown }).exception;
  if (value instanceof Error) return value.message;
  return String(value);
}

/** Whether what dicom-parser threw is a stack overflow (sequences nested too deeply to recurse into). */
export function isStackOverflow(thrown: unknown): boolean {
  let value = thrown;
  if (typeof value === 'object' && value !== null && 'exception' in value) value = (value as { exception: unknown }).exception;
  return value instanceof RangeError && /call stack/i.test(value.message);
}
