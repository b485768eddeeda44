// Typed reads of element values from a dicom-parser DataSet, tolerant of what real files contain:
// padding, empty values, numbers that do not parse. A value that cannot be read is null, never NaN;
// the caller decides whether that makes the file unusable.
import { decodeText } from './charset';
import type { DataSet, Element } from './dicom-parser';

/** dicom-parser's element key for a tag written "00100010". */
export const key = (tag: string): string => `x${tag.toLowerCase()}`;

export function elementOf(dataSet: DataSet, tag: string): Element | undefined {
  return dataSet.elements[key(tag)];
}

/** The element's raw value bytes, or null when absent, empty, or running past the bytes we have. */
export function valueBytes(dataSet: DataSet, element: Element | undefined): Uint8Array | null {
  // dicom-parser's injected (0002,0010) of bare files has a Value but no offset; it is not in the bytes.
  if (!element || typeof element.dataOffset !== 'number' || !(element.length > 0) || element.length === 0xffffffff) return null;
  const end = element.dataOffset + element.length;
  if (end > dataSet.byteArray.length) return null;
  return dataSet.byteArray.subarray(element.dataOffset, end);
}

/** ASCII-repertoire strings (CS, UI, DA, TM, DS, IS, AS, AE): trimmed, '' when absent. */
export function asciiString(dataSet: DataSet, tag: string): string {
  const bytes = valueBytes(dataSet, elementOf(dataSet, tag));
  if (!bytes) return '';
  let text = '';
  for (const byte of bytes) {
    if (byte === 0) break; // UI values are padded with NUL.
    text += String.fromCharCode(byte);
  }
  return text.trim();
}

/** Text in the data set's character set (PN, LO, SH, ST, LT, UT, UC): '' when absent. */
export function text(dataSet: DataSet, tag: string, charsets: readonly string[]): string {
  const bytes = valueBytes(dataSet, elementOf(dataSet, tag));
  return bytes ? decodeText(bytes, charsets).trim() : '';
}

/** Backslash-separated numbers of a DS or IS value; null if absent or any part is not a number. */
export function decimals(dataSet: DataSet, tag: string): number[] | null {
  const raw = asciiString(dataSet, tag);
  if (!raw) return null;
  const values = raw.split('\\').map((part) => part.trim());
  if (values.some((part) => !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(part))) return null;
  return values.map(Number);
}

export function decimal(dataSet: DataSet, tag: string): number | null {
  const values = decimals(dataSet, tag);
  return values && values.length >= 1 ? values[0]! : null;
}

/** An IS value as a whole number; null when absent; NaN-free. `invalid` is set when present but bad. */
export function integerString(dataSet: DataSet, tag: string): { value: number | null; raw: string; invalid: boolean } {
  const raw = asciiString(dataSet, tag);
  if (!raw) return { value: null, raw, invalid: false };
  if (!/^[+-]?\d+$/.test(raw)) return { value: null, raw, invalid: true };
  const value = Number(raw);
  return Number.isSafeInteger(value) ? { value, raw, invalid: false } : { value: null, raw, invalid: true };
}

/** US value (binary, two bytes in the data set's byte order); null when absent or short. */
export function uint16(dataSet: DataSet, tag: string): number | null {
  const element = elementOf(dataSet, tag);
  if (!valueBytes(dataSet, element) || (element?.length ?? 0) < 2) return null;
  const parser = element?.parser ?? dataSet.byteArrayParser;
  return parser.readUint16(dataSet.byteArray, element!.dataOffset);
}

/** The data sets of a sequence's items ([] when absent or not parsed as a sequence). */
export function items(dataSet: DataSet, tag: string): DataSet[] {
  const list = elementOf(dataSet, tag)?.items ?? [];
  return list.flatMap((item) => (item.dataSet ? [item.dataSet] : []));
}
