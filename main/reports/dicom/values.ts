// Value formatting the DICOM writers share: UIDs under the 2.25 root, DS strings that fit their 16
// characters, DA/TM from a Date, and coded concepts (code value, scheme, meaning).
import { randomUUID } from 'node:crypto';
import type { NaturalDataset } from './dcmjs';

/** A UID under the 2.25 root (PS3.5 B.2): a random UUID as one decimal integer. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString()}`;
}

/** A UID under 2.25 made from 128 bits of a digest (hex), for deterministic remapping. */
export function uidFromHex(hex: string): string {
  return `2.25.${BigInt(`0x${hex.slice(0, 32)}`).toString()}`;
}

/**
 * A decimal string of at most 16 characters (PS3.5 6.2, DS). dcmjs would otherwise truncate
 * String(0.1234567890123456789) to 16 characters, which can cut an exponent off.
 */
export function formatDS(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`DS value must be finite, got ${value}`);
  for (let digits = 16; digits > 0; digits -= 1) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  return value.toExponential(6);
}

/** DA (YYYYMMDD) and TM (HHMMSS) in local time: what a viewer shows next to the study's own dates. */
export function dicomDate(at: Date): string {
  return `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}`;
}

export function dicomTime(at: Date): string {
  return `${String(at.getHours()).padStart(2, '0')}${String(at.getMinutes()).padStart(2, '0')}${String(at.getSeconds()).padStart(2, '0')}`;
}

export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

/** A code sequence item (PS3.3 Table 8.8-1) as dcmjs takes it. */
export function codeItem(code: Code): NaturalDataset {
  return { CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning };
}

/** A one-item code sequence. */
export function codeSeq(code: Code): NaturalDataset[] {
  return [codeItem(code)];
}
