// The marker segments a DCT decoder acts on (T.81 B.2): the frame header (SOF0/1/2), quantisation
// tables (DQT), Huffman tables (DHT), the restart interval (DRI) and scan headers (SOS), parsed into
// the state the scan decoder works from. Everything a header claims is checked before it is used.
import { DecodeError } from '../../decode-error';
import { buildHuffmanTable, type HuffmanTable } from './huffman';

/** Zig-zag position -> natural (row-major) position, with 16 extra entries as libjpeg has, for damaged run lengths. */
export const NATURAL_ORDER = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30,
  37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
  // past the end: a run that overshoots lands on the last coefficient
  63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
]);

export interface FrameComponent {
  id: number;
  h: number;
  v: number;
  /** Quantisation table selector from the frame header. */
  tq: number;
  /** Samples across and down in this component: ceil(X·h/Hmax), ceil(Y·v/Vmax). */
  width: number;
  height: number;
  /** Blocks allocated across and down: whole MCUs of an interleaved scan, which cover the non-interleaved block grid too. */
  blocksAcross: number;
  blocksDown: number;
  /** The quantisation table in natural order, latched when the component's first scan starts (as libjpeg does). */
  quant: Uint16Array | null;
  /** Decoded samples, blocksAcross·8 wide; every block starts as the level-shift value (all-zero coefficients). */
  plane: Uint16Array;
  /** Progressive only: every block's coefficients, natural order, 64 per block. */
  coefs: Int16Array | null;
  /** Scans that have carried this component. */
  scans: number;
}

export interface Frame {
  /** Second byte of the SOF marker: 0xC0, 0xC1 or 0xC2. */
  sof: number;
  progressive: boolean;
  precision: 8 | 12;
  width: number;
  height: number;
  components: FrameComponent[];
  hmax: number;
  vmax: number;
  mcusAcross: number;
  mcusDown: number;
}

export interface ScanComponent {
  component: FrameComponent;
  dc: HuffmanTable | null;
  ac: HuffmanTable | null;
}

export interface Scan {
  components: ScanComponent[];
  ss: number;
  se: number;
  ah: number;
  al: number;
}

export interface Tables {
  /** Quantisation tables by destination, natural order. */
  quant: (Uint16Array | null)[];
  dc: (HuffmanTable | null)[];
  ac: (HuffmanTable | null)[];
  restartInterval: number;
}

export function emptyTables(): Tables {
  return { quant: [null, null, null, null], dc: [null, null, null, null], ac: [null, null, null, null], restartInterval: 0 };
}

/** Largest frame we allocate planes for, in samples of all components (2²⁸, as size-guard.ts allows a frame). */
const MAX_SAMPLES = 2 ** 28;

function need(body: Uint8Array, length: number, name: string): void {
  if (body.length < length) throw new DecodeError('corrupt', `A JPEG ${name} segment is shorter than its contents.`);
}

export function parseFrameHeader(sof: number, body: Uint8Array): Frame {
  need(body, 6, 'frame header (SOF)');
  const precision = body[0]!;
  const height = (body[1]! << 8) | body[2]!;
  const width = (body[3]! << 8) | body[4]!;
  const count = body[5]!;
  if (precision !== 8 && precision !== 12) {
    throw new DecodeError('unsupported', `This JPEG frame has ${precision}-bit samples; DCT JPEG has 8 or 12 (T.81 B.2.2).`);
  }
  if (height === 0) throw new DecodeError('unsupported', 'This JPEG frame defines its height in a DNL marker, which the DCT decoder does not handle.');
  if (width === 0) throw new DecodeError('corrupt', 'A JPEG frame header gives a width of 0.');
  if (count < 1 || count > 4) throw new DecodeError('unsupported', `This JPEG frame has ${count} components; the DCT decoder handles 1 to 4.`);
  need(body, 6 + count * 3, 'frame header (SOF)');
  const raw: { id: number; h: number; v: number; tq: number }[] = [];
  for (let c = 0; c < count; c += 1) {
    const at = 6 + c * 3;
    const id = body[at]!;
    const h = body[at + 1]! >> 4;
    const v = body[at + 1]! & 0x0f;
    const tq = body[at + 2]!;
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new DecodeError('corrupt', `JPEG component ${id} has sampling factors ${h}×${v}; T.81 allows 1 to 4.`);
    if (tq > 3) throw new DecodeError('corrupt', `JPEG component ${id} selects quantisation table ${tq}; there are 4 (0 to 3).`);
    if (raw.some((r) => r.id === id)) throw new DecodeError('corrupt', `A JPEG frame header lists component ${id} twice.`);
    raw.push({ id, h, v, tq });
  }
  const hmax = Math.max(...raw.map((r) => r.h));
  const vmax = Math.max(...raw.map((r) => r.v));
  const mcusAcross = Math.ceil(width / (8 * hmax));
  const mcusDown = Math.ceil(height / (8 * vmax));
  let samples = 0;
  for (const r of raw) samples += mcusAcross * r.h * 8 * mcusDown * r.v * 8;
  if (samples > MAX_SAMPLES) {
    throw new DecodeError('refused', `A JPEG frame claims ${width}×${height} pixels in ${count} component(s), more than MaskCue decodes; refused before allocating.`);
  }
  const progressive = sof === 0xc2;
  const center = 1 << (precision - 1);
  const components = raw.map<FrameComponent>((r) => {
    const blocksAcross = mcusAcross * r.h;
    const blocksDown = mcusDown * r.v;
    return {
      ...r,
      width: Math.ceil((width * r.h) / hmax),
      height: Math.ceil((height * r.v) / vmax),
      blocksAcross,
      blocksDown,
      quant: null,
      plane: new Uint16Array(blocksAcross * 8 * blocksDown * 8).fill(center),
      coefs: progressive ? new Int16Array(blocksAcross * blocksDown * 64) : null,
      scans: 0,
    };
  });
  return { sof, progressive, precision, width, height, components, hmax, vmax, mcusAcross, mcusDown };
}

export function parseQuantTables(body: Uint8Array, tables: Tables): void {
  let at = 0;
  while (at < body.length) {
    const pq = body[at]! >> 4;
    const tq = body[at]! & 0x0f;
    if (pq > 1 || tq > 3) throw new DecodeError('corrupt', `A JPEG quantisation table (DQT) has precision ${pq} / destination ${tq}.`);
    const size = pq === 0 ? 64 : 128;
    need(body, at + 1 + size, 'quantisation table (DQT)');
    const table = new Uint16Array(64);
    for (let k = 0; k < 64; k += 1) {
      const value = pq === 0 ? body[at + 1 + k]! : (body[at + 1 + 2 * k]! << 8) | body[at + 2 + 2 * k]!;
      table[NATURAL_ORDER[k]!] = value;
    }
    tables.quant[tq] = table;
    at += 1 + size;
  }
}

export function parseHuffmanTables(body: Uint8Array, tables: Tables): void {
  let at = 0;
  while (at < body.length) {
    need(body, at + 17, 'Huffman table (DHT)');
    const tc = body[at]! >> 4;
    const th = body[at]! & 0x0f;
    if (tc > 1 || th > 3) throw new DecodeError('corrupt', `A JPEG Huffman table (DHT) has class ${tc} / destination ${th}.`);
    const counts = body.subarray(at + 1, at + 17);
    let total = 0;
    for (const n of counts) total += n;
    need(body, at + 17 + total, 'Huffman table (DHT)');
    const table = buildHuffmanTable(counts, body.subarray(at + 17, at + 17 + total), tc === 0);
    (tc === 0 ? tables.dc : tables.ac)[th] = table;
    at += 17 + total;
  }
}

export function parseRestartInterval(body: Uint8Array, tables: Tables): void {
  need(body, 2, 'restart interval (DRI)');
  tables.restartInterval = (body[0]! << 8) | body[1]!;
}

/** The scan header, checked against the frame and the tables defined so far (T.81 B.2.3, G.1.1.1.1). */
export function parseScanHeader(body: Uint8Array, frame: Frame, tables: Tables): Scan {
  need(body, 1, 'scan header (SOS)');
  const count = body[0]!;
  need(body, 1 + count * 2 + 3, 'scan header (SOS)');
  if (count < 1 || count > 4) throw new DecodeError('corrupt', `A JPEG scan header lists ${count} components.`);
  const p = 1 + count * 2;
  const ss = body[p]!;
  const se = body[p + 1]!;
  const ah = body[p + 2]! >> 4;
  const al = body[p + 2]! & 0x0f;
  const dcScan = !frame.progressive || ss === 0;
  const acScan = !frame.progressive || se > 0;
  const components: ScanComponent[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = body[1 + i * 2]!;
    const td = body[2 + i * 2]! >> 4;
    const ta = body[2 + i * 2]! & 0x0f;
    const component = frame.components.find((c) => c.id === id);
    if (!component) throw new DecodeError('corrupt', `A JPEG scan refers to component ${id}, which the frame does not have.`);
    if (components.some((c) => c.component === component)) throw new DecodeError('corrupt', `A JPEG scan lists component ${id} twice.`);
    if (td > 3 || ta > 3) throw new DecodeError('corrupt', `A JPEG scan selects Huffman table ${td}/${ta}; there are 4 of each class.`);
    // DC refinement scans read raw bits, no table.
    const dc = dcScan && !(frame.progressive && ah > 0) ? (tables.dc[td] ?? null) : null;
    const ac = acScan ? (tables.ac[ta] ?? null) : null;
    if (dcScan && !(frame.progressive && ah > 0) && !dc) throw new DecodeError('corrupt', `A JPEG scan uses DC Huffman table ${td}, which was never defined.`);
    if (acScan && !ac) throw new DecodeError('corrupt', `A JPEG scan uses AC Huffman table ${ta}, which was never defined.`);
    components.push({ component, dc, ac });
  }
  if (count > 1) {
    const blocks = components.reduce((n, c) => n + c.component.h * c.component.v, 0);
    if (blocks > 10) throw new DecodeError('corrupt', `A JPEG scan interleaves ${blocks} blocks per MCU; T.81 allows 10.`);
  }
  if (frame.progressive) {
    // T.81 G.1.1.1.1, as libjpeg checks it.
    const bad = (ss === 0 ? se !== 0 : ss > se || se > 63 || count !== 1) || (ah !== 0 && al !== ah - 1) || al > 13;
    if (bad) throw new DecodeError('corrupt', `A progressive JPEG scan has an invalid band or bit position (Ss ${ss}, Se ${se}, Ah ${ah}, Al ${al}).`);
  }
  for (const { component } of components) {
    if (!component.quant) {
      const table = tables.quant[component.tq];
      if (!table) throw new DecodeError('corrupt', `JPEG component ${component.id} uses quantisation table ${component.tq}, which was never defined.`);
      component.quant = table.slice();
    }
    component.scans += 1;
  }
  return { components, ss, se, ah, al };
}
