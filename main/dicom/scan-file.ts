// One file, start to verdict: read the header, decide what the file is (an instance to index, a
// DICOMDIR to follow, or a failure with its reason). Never throws for anything a file can contain.
import { extractAttributes, type InstanceAttributes } from './attributes';
import { isDicomdir } from './dicomdir';
import { isStackOverflow } from './dicom-parser';
import type { ByteSource } from './file-source';
import { checkPixelBudget, checkPixelPresence } from './pixel-checks';
import { readHeader, ScanFailure, type ParsedHeader } from './read-header';
import * as reasons from './reasons';

export type ScanOutcome =
  | { kind: 'instance'; attributes: InstanceAttributes }
  | { kind: 'dicomdir'; header: ParsedHeader }
  | { kind: 'failed'; reason: string };

export async function scanSource(source: ByteSource): Promise<ScanOutcome> {
  try {
    const header = await readHeader(source);
    if (isDicomdir(header)) return { kind: 'dicomdir', header };
    const attributes = extractAttributes(header);
    const refusal = checkPixelBudget(attributes) ?? (await checkPixelPresence(attributes, header, source));
    return refusal ? { kind: 'failed', reason: refusal } : { kind: 'instance', attributes };
  } catch (error) {
    if (error instanceof ScanFailure) return { kind: 'failed', reason: error.reason };
    if (isStackOverflow(error)) return { kind: 'failed', reason: reasons.NESTED_TOO_DEEP };
    const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
    return { kind: 'failed', reason: reasons.unreadable(code, error instanceof Error ? error.message : String(error)) };
  }
}
