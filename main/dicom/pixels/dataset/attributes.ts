// Typed reads of the attributes decoding needs. dicom-parser returns undefined for absent or empty
// values; these turn that into null (or a default) and never throw on a malformed number: a bad
// WindowCenter must not stop a frame from showing.
import type { DataSet, Element } from 'dicom-parser';

export function tagKey(group: number, element: number): string {
  return `x${group.toString(16).padStart(4, '0')}${element.toString(16).padStart(4, '0')}`;
}

export function has(ds: DataSet, tag: string): boolean {
  const element = ds.elements[tag];
  return element !== undefined && element.length > 0;
}

/** US value (also what implicit VR gives for US/SS ambiguous attributes, as unsigned). */
export function us(ds: DataSet, tag: string, index = 0): number | null {
  const element = ds.elements[tag];
  if (!element || element.length < (index + 1) * 2) return null;
  const value = ds.uint16(tag, index);
  return value === undefined ? null : value;
}

export function ul(ds: DataSet, tag: string, index = 0): number | null {
  const element = ds.elements[tag];
  if (!element || element.length < (index + 1) * 4) return null;
  const value = ds.uint32(tag, index);
  return value === undefined ? null : value;
}

export function cs(ds: DataSet, tag: string, index?: number): string | null {
  if (!has(ds, tag)) return null;
  const value = ds.string(tag, index);
  return value === undefined || value === '' ? null : value.replace(/\0+$/, '').trim();
}

export function text(ds: DataSet, tag: string): string | null {
  if (!has(ds, tag)) return null;
  const value = ds.string(tag);
  return value === undefined ? null : value;
}

export function isNumber(ds: DataSet, tag: string): number | null {
  const values = decimals(ds, tag);
  const first = values[0];
  return first === undefined ? null : Math.trunc(first);
}

/** All values of a DS or IS attribute; unparsable values are dropped. */
export function decimals(ds: DataSet, tag: string): number[] {
  if (!has(ds, tag)) return [];
  const raw = ds.string(tag);
  if (raw === undefined) return [];
  // ds.string(tag) without an index returns the whole value, backslashes included.
  return raw
    .split('\\')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

/** All values of a multi-valued LO/CS attribute (explanations). */
export function strings(ds: DataSet, tag: string): string[] {
  if (!has(ds, tag)) return [];
  const raw = ds.string(tag);
  return raw === undefined ? [] : raw.split('\\').map((part) => part.replace(/\0+$/, '').trim());
}

/** Items of a sequence, as data sets (empty when absent or not parsed as a sequence). */
export function items(ds: DataSet, tag: string): DataSet[] {
  const element: Element | undefined = ds.elements[tag];
  if (!element?.items) return [];
  const out: DataSet[] = [];
  for (const item of element.items) if (item.dataSet) out.push(item.dataSet);
  return out;
}

export function firstItem(ds: DataSet, tag: string): DataSet | null {
  return items(ds, tag)[0] ?? null;
}
