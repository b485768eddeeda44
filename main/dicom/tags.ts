// The tag browser's rows: every element of the header (Pixel Data summarised, never read), with
// keyword, VR and a display value, and sequence items indented by depth. Values are display text:
// long ones are cut, binary ones become "<N bytes>", so a reply stays small whatever the file holds.
import type { TagRow } from '../../common/dicom/records';
import { uidName } from '../../common/dicom/uids';
import { decodeText, parseCharacterSets } from './charset';
import { keywordOf, vrOf } from './dictionary';
import type { DataSet, Element } from './dicom-parser';
import { PIXEL_DATA, type ParsedHeader } from './read-header';
import { asciiString, valueBytes } from './values';

export const MAX_TAG_ROWS = 20_000;
const MAX_TEXT = 256;
const MAX_NUMBERS = 16;

const TEXT_VRS = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']);
const ASCII_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI', 'UR']);
const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);

export function tagRows(header: ParsedHeader): TagRow[] {
  const rows: TagRow[] = [];
  const state = { truncated: false };
  if (header.meta && header.meta !== header.body) addDataSet(rows, header.meta, 0, [], state);
  addDataSet(rows, header.body, 0, parseCharacterSets(asciiString(header.body, '00080005')), state);
  if (state.truncated) {
    rows.push({ tag: '', keyword: '', vr: '', value: `… more elements not shown (only the first ${MAX_TAG_ROWS} are listed)`, depth: 0 });
  }
  return rows;
}

export function formatTag(key: string): string {
  const hex = key.replace(/^x/, '').toUpperCase();
  return `(${hex.slice(0, 4)},${hex.slice(4, 8)})`;
}

function addDataSet(rows: TagRow[], dataSet: DataSet, depth: number, inherited: readonly string[], state: { truncated: boolean }): void {
  // A sequence item may declare its own character set; otherwise it inherits the enclosing one.
  const own = asciiString(dataSet, '00080005');
  const charsets = own ? parseCharacterSets(own) : inherited;
  for (const key of Object.keys(dataSet.elements).sort()) {
    if (rows.length >= MAX_TAG_ROWS) {
      state.truncated = true;
      return;
    }
    const element = dataSet.elements[key]!;
    const hex = key.slice(1).toUpperCase();
    const vr = element.vr ?? (element.items ? 'SQ' : vrOf(hex));
    rows.push({ tag: formatTag(key), keyword: keywordOf(hex), vr, value: displayValue(dataSet, element, vr, charsets), depth });
    const list = element.items ?? [];
    list.forEach((item, index) => {
      if (rows.length >= MAX_TAG_ROWS) {
        state.truncated = true;
        return;
      }
      rows.push({ tag: '(FFFE,E000)', keyword: 'Item', vr: '', value: `item ${index + 1} of ${list.length}`, depth: depth + 1 });
      if (item.dataSet) addDataSet(rows, item.dataSet, depth + 1, charsets, state);
    });
  }
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function displayValue(dataSet: DataSet, element: Element, vr: string, charsets: readonly string[]): string {
  if (element.items) return `${element.items.length} item(s)`;
  if (element.tag === PIXEL_DATA) {
    return element.length === 0xffffffff ? '<compressed pixel data (encapsulated frames)>' : `<${element.length} bytes of pixel data>`;
  }
  if (element.length === 0xffffffff) return '<undefined length>';
  if (element.length === 0) return '';
  const bytes = valueBytes(dataSet, element);
  if (!bytes) return `<${element.length} bytes, past the end of what was read>`;
  if (TEXT_VRS.has(vr)) return cut(decodeText(bytes, charsets));
  if (ASCII_VRS.has(vr)) {
    const value = decodeText(bytes, []).replace(/\0+$/, '').trim();
    const name = vr === 'UI' ? uidName(value) : null;
    return cut(name ? `${value} (${name})` : value);
  }
  if (BINARY_VRS.has(vr) || vr === 'SQ') return `<${element.length} bytes>`;
  const numbers = numericValues(dataSet, element, vr, bytes);
  return numbers ?? `<${element.length} bytes>`;
}

const NUMERIC: Readonly<Record<string, [number, (view: DataView, at: number, little: boolean) => string]>> = {
  US: [2, (v, at, le) => String(v.getUint16(at, le))],
  SS: [2, (v, at, le) => String(v.getInt16(at, le))],
  UL: [4, (v, at, le) => String(v.getUint32(at, le))],
  SL: [4, (v, at, le) => String(v.getInt32(at, le))],
  FL: [4, (v, at, le) => String(Number(v.getFloat32(at, le).toPrecision(7)))],
  FD: [8, (v, at, le) => String(v.getFloat64(at, le))],
  SV: [8, (v, at, le) => v.getBigInt64(at, le).toString()],
  UV: [8, (v, at, le) => v.getBigUint64(at, le).toString()],
  AT: [4, (v, at, le) => formatTag(`x${hex4(v.getUint16(at, le))}${hex4(v.getUint16(at + 2, le))}`)],
};

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function numericValues(dataSet: DataSet, element: Element, vr: string, bytes: Uint8Array): string | null {
  const spec = NUMERIC[vr];
  if (!spec) return null;
  const [size, read] = spec;
  const count = Math.floor(bytes.length / size);
  if (count === 0) return null;
  const parser = element.parser ?? dataSet.byteArrayParser;
  // dicom-parser has one parser object per byte order; ask it which one this is.
  const little = parser.readUint16(new Uint8Array([1, 0]), 0) === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shown: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_NUMBERS); i++) shown.push(read(view, i * size, little));
  return count > MAX_NUMBERS ? `${shown.join('\\')} … (${count} values)` : shown.join('\\');
}
