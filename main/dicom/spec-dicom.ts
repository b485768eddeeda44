// For specs only: writes small DICOM files byte by byte, so each malformation a spec needs (a
// truncated pixel element, a sequence nested 50 000 deep, a missing meta header) is made on purpose
// and visible in the spec, without depending on the shared corpus.
import { TransferSyntax } from '../../common/dicom/uids';

export type SpecValue = string | number[] | Uint8Array | SpecElement[][];

export interface SpecElement {
  /** "00100010" */
  tag: string;
  vr: string;
  value: SpecValue;
  /** Write 0xFFFFFFFF as the length; `value` (bytes) must then carry its own items and delimiter. */
  undefinedLength?: boolean;
}

export interface Encoding {
  explicit: boolean;
  littleEndian: boolean;
}

export const EXPLICIT_LE: Encoding = { explicit: true, littleEndian: true };
export const IMPLICIT_LE: Encoding = { explicit: false, littleEndian: true };
export const EXPLICIT_BE: Encoding = { explicit: true, littleEndian: false };

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'UV']);
const NUMBER_SIZE: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 };

class Bytes {
  private chunks: number[] = [];
  constructor(private readonly little: boolean) {}
  u8(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.chunks.push(values[i]!);
  }
  u16(value: number): void {
    this.u8(this.little ? [value & 0xff, value >> 8] : [value >> 8, value & 0xff]);
  }
  u32(value: number): void {
    const b = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
    this.u8(this.little ? b : b.reverse());
  }
  tag(tag: string): void {
    this.u16(Number.parseInt(tag.slice(0, 4), 16));
    this.u16(Number.parseInt(tag.slice(4, 8), 16));
  }
  get bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function valueBytes(element: SpecElement, encoding: Encoding): Uint8Array {
  const { vr, value } = element;
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') {
    const raw = new TextEncoder().encode(value);
    if (raw.length % 2 === 0) return raw;
    const padded = new Uint8Array(raw.length + 1);
    padded.set(raw);
    padded[raw.length] = vr === 'UI' || vr === 'OB' ? 0 : 0x20;
    return padded;
  }
  if (vr === 'SQ') {
    const out = new Bytes(encoding.littleEndian);
    for (const item of value as SpecElement[][]) {
      const body = writeDataSet(item, encoding);
      out.tag('FFFEE000');
      out.u32(body.length);
      out.u8(body);
    }
    return out.bytes;
  }
  const size = NUMBER_SIZE[vr];
  if (!size) throw new Error(`spec-dicom: give ${vr} values as bytes`);
  const buffer = new ArrayBuffer(size * (value as number[]).length);
  const view = new DataView(buffer);
  (value as number[]).forEach((n, i) => {
    const at = i * size;
    if (vr === 'US') view.setUint16(at, n, encoding.littleEndian);
    else if (vr === 'SS') view.setInt16(at, n, encoding.littleEndian);
    else if (vr === 'UL') view.setUint32(at, n, encoding.littleEndian);
    else if (vr === 'SL') view.setInt32(at, n, encoding.littleEndian);
    else if (vr === 'FL') view.setFloat32(at, n, encoding.littleEndian);
    else view.setFloat64(at, n, encoding.littleEndian);
  });
  return new Uint8Array(buffer);
}

export function writeDataSet(elements: readonly SpecElement[], encoding: Encoding): Uint8Array {
  const out = new Bytes(encoding.littleEndian);
  for (const element of elements) {
    const value = valueBytes(element, encoding);
    const length = element.undefinedLength ? 0xffffffff : value.length;
    out.tag(element.tag);
    if (encoding.explicit) {
      out.u8([element.vr.charCodeAt(0), element.vr.charCodeAt(1)]);
      if (LONG.has(element.vr)) {
        out.u16(0);
        out.u32(length);
      } else {
        out.u16(length);
      }
    } else {
      out.u32(length);
    }
    out.u8(value);
  }
  return out.bytes;
}

function encodingOf(transferSyntax: string): Encoding {
  if (transferSyntax === TransferSyntax.ImplicitVRLittleEndian) return IMPLICIT_LE;
  if (transferSyntax === TransferSyntax.ExplicitVRBigEndian) return EXPLICIT_BE;
  return EXPLICIT_LE;
}

export function metaGroup(transferSyntax: string | null, sopClass: string, sopInstance: string): Uint8Array {
  const elements: SpecElement[] = [
    { tag: '00020001', vr: 'OB', value: Uint8Array.from([0, 1]) },
    { tag: '00020002', vr: 'UI', value: sopClass },
    { tag: '00020003', vr: 'UI', value: sopInstance },
  ];
  if (transferSyntax !== null) elements.push({ tag: '00020010', vr: 'UI', value: transferSyntax });
  const body = writeDataSet(elements, EXPLICIT_LE);
  const length = writeDataSet([{ tag: '00020000', vr: 'UL', value: [body.length] }], EXPLICIT_LE);
  return concat(length, body);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface Part10Options {
  transferSyntax?: string | null;
  /** Bytes placed after the data set (pixel data written by hand, or nothing). */
  tail?: Uint8Array;
}

/** Preamble, "DICM", meta group, data set: a Part 10 file. */
export function part10(elements: readonly SpecElement[], options: Part10Options = {}): Uint8Array {
  const transferSyntax = options.transferSyntax === undefined ? TransferSyntax.ExplicitVRLittleEndian : options.transferSyntax;
  const find = (tag: string) => elements.find((e) => e.tag === tag)?.value;
  const sopClass = typeof find('00080016') === 'string' ? (find('00080016') as string) : '1.2.3';
  const sopInstance = typeof find('00080018') === 'string' ? (find('00080018') as string) : '1.2.3.4';
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  const dataSet = writeDataSet(elements, encodingOf(transferSyntax ?? TransferSyntax.ExplicitVRLittleEndian));
  return concat(preamble, metaGroup(transferSyntax, sopClass, sopInstance), dataSet, options.tail ?? new Uint8Array());
}

export interface InstanceSpec {
  study?: string;
  series?: string;
  sop: string;
  sopClass?: string;
  modality?: string;
  patientName?: string;
  instanceNumber?: number;
  position?: [number, number, number];
  orientation?: [number, number, number, number, number, number];
  rows?: number;
  columns?: number;
  frames?: number;
  /** Pixel data bytes to write; default: exactly what rows × columns × frames × 16 bits needs. */
  pixelBytes?: number;
}

/** A small CT slice with the attributes the index reads (16-bit, native pixels). */
export function ctSlice(spec: InstanceSpec): SpecElement[] {
  const rows = spec.rows ?? 4;
  const columns = spec.columns ?? 4;
  const frames = spec.frames ?? 1;
  const elements: SpecElement[] = [
    { tag: '00080016', vr: 'UI', value: spec.sopClass ?? '1.2.840.10008.5.1.4.1.1.2' },
    { tag: '00080018', vr: 'UI', value: spec.sop },
    { tag: '00080020', vr: 'DA', value: '20240102' },
    { tag: '00080060', vr: 'CS', value: spec.modality ?? 'CT' },
    { tag: '00100010', vr: 'PN', value: spec.patientName ?? 'Test^Patient' },
    { tag: '00100020', vr: 'LO', value: 'P1' },
    { tag: '0020000D', vr: 'UI', value: spec.study ?? '1.2.826.0.1.1' },
    { tag: '0020000E', vr: 'UI', value: spec.series ?? '1.2.826.0.1.1.1' },
    { tag: '00200011', vr: 'IS', value: '3' },
  ];
  if (spec.instanceNumber !== undefined) elements.push({ tag: '00200013', vr: 'IS', value: String(spec.instanceNumber) });
  if (spec.position) elements.push({ tag: '00200032', vr: 'DS', value: spec.position.join('\\') });
  if (spec.orientation) elements.push({ tag: '00200037', vr: 'DS', value: spec.orientation.join('\\') });
  elements.push(
    { tag: '00280002', vr: 'US', value: [1] },
    { tag: '00280004', vr: 'CS', value: 'MONOCHROME2' },
  );
  if (frames !== 1) elements.push({ tag: '00280008', vr: 'IS', value: String(frames) });
  elements.push(
    { tag: '00280010', vr: 'US', value: [rows] },
    { tag: '00280011', vr: 'US', value: [columns] },
    { tag: '00280100', vr: 'US', value: [16] },
    { tag: '00280101', vr: 'US', value: [16] },
    { tag: '7FE00010', vr: 'OW', value: new Uint8Array(spec.pixelBytes ?? rows * columns * frames * 2) },
  );
  return elements;
}

export const AXIAL: [number, number, number, number, number, number] = [1, 0, 0, 0, 1, 0];
