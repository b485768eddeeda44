// A small DICOM writer for the decoder's unit specs: Part 10 files in implicit or explicit VR, little
// or big endian, deflated, with native or encapsulated pixel data (with or without a Basic Offset
// Table, frames split over fragments). Test support only; nothing at run time imports it.
import { deflateRawSync } from 'node:zlib';
import { TransferSyntax } from '../transfer-syntaxes';

export type Value = string | number | number[] | Uint8Array | Item[];
export type Item = Element[];
export interface Element {
  tag: number;
  vr: string;
  value: Value;
}

export const el = (tag: number, vr: string, value: Value): Element => ({ tag, vr, value });

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);

/** Bytes in order: small writes gathered in a number list, large values kept as they are (no copy). */
class Out {
  private parts: Uint8Array[] = [];
  private pending: number[] = [];
  constructor(readonly little: boolean) {}
  u8(...values: number[]) {
    this.pending.push(...values);
  }
  u16(v: number) {
    if (this.little) this.u8(v & 0xff, (v >> 8) & 0xff);
    else this.u8((v >> 8) & 0xff, v & 0xff);
  }
  u32(v: number) {
    if (this.little) this.u8(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    else this.u8((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  bytes(b: Uint8Array) {
    this.flush();
    this.parts.push(b);
  }
  private flush() {
    if (this.pending.length === 0) return;
    this.parts.push(Uint8Array.from(this.pending));
    this.pending = [];
  }
  done(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

function valueBytes(vr: string, value: Exclude<Value, Item[]>, little: boolean): Uint8Array {
  if (value instanceof Uint8Array) return value.length % 2 ? Uint8Array.from([...value, 0]) : value;
  const out = new Out(little);
  const numbers = typeof value === 'number' ? [value] : Array.isArray(value) ? value : null;
  if (numbers && (vr === 'US' || vr === 'SS')) numbers.forEach((n) => out.u16(n & 0xffff));
  else if (numbers && (vr === 'UL' || vr === 'SL')) numbers.forEach((n) => out.u32(n >>> 0));
  else {
    const text = numbers ? numbers.join('\\') : String(value);
    for (const c of text) out.u8(c.charCodeAt(0));
    if (text.length % 2) out.u8(vr === 'UI' ? 0 : 0x20);
  }
  return out.done();
}

function writeElement(out: Out, e: Element, explicit: boolean) {
  out.u16(e.tag >>> 16);
  out.u16(e.tag & 0xffff);
  if (e.vr === 'SQ') {
    if (explicit) {
      out.u8(0x53, 0x51, 0, 0);
    }
    out.u32(0xffffffff);
    for (const item of e.value as Item[]) {
      out.u16(0xfffe);
      out.u16(0xe000);
      out.u32(0xffffffff);
      for (const child of [...item].sort((a, b) => a.tag - b.tag)) writeElement(out, child, explicit);
      out.u16(0xfffe);
      out.u16(0xe00d);
      out.u32(0);
    }
    out.u16(0xfffe);
    out.u16(0xe0dd);
    out.u32(0);
    return;
  }
  const bytes = valueBytes(e.vr, e.value as Exclude<Value, Item[]>, out.little);
  if (explicit) {
    out.u8(e.vr.charCodeAt(0), e.vr.charCodeAt(1));
    if (LONG_VRS.has(e.vr)) {
      out.u16(0);
      out.u32(bytes.length);
    } else out.u16(bytes.length);
  } else out.u32(bytes.length);
  out.bytes(bytes);
}

export interface Encapsulated {
  /** Each frame's fragments. */
  frames: Uint8Array[][];
  /** Write a Basic Offset Table (default true). */
  offsetTable?: boolean;
}

function encapsulate(out: Out, encapsulated: Encapsulated) {
  out.u16(0x7fe0);
  out.u16(0x0010);
  out.u8(0x4f, 0x42, 0, 0);
  out.u32(0xffffffff);
  const offsets: number[] = [];
  let at = 0;
  const padded = encapsulated.frames.map((fragments) => fragments.map((f) => (f.length % 2 ? Uint8Array.from([...f, 0]) : f)));
  for (const fragments of padded) {
    offsets.push(at);
    for (const f of fragments) at += 8 + f.length;
  }
  out.u16(0xfffe);
  out.u16(0xe000);
  if (encapsulated.offsetTable === false) out.u32(0);
  else {
    out.u32(offsets.length * 4);
    offsets.forEach((o) => out.u32(o));
  }
  for (const fragments of padded) {
    for (const f of fragments) {
      out.u16(0xfffe);
      out.u16(0xe000);
      out.u32(f.length);
      out.bytes(f);
    }
  }
  out.u16(0xfffe);
  out.u16(0xe0dd);
  out.u32(0);
}

export interface WriteOptions {
  transferSyntaxUID: string;
  elements: Element[];
  /** Native Pixel Data and its VR. */
  pixelData?: { vr: 'OB' | 'OW'; bytes: Uint8Array };
  encapsulated?: Encapsulated;
}

export function writeDicom(options: WriteOptions): Uint8Array {
  const ts = options.transferSyntaxUID;
  const little = ts !== TransferSyntax.ExplicitVRBigEndian;
  const explicit = ts !== TransferSyntax.ImplicitVRLittleEndian;
  const body = new Out(little);
  for (const e of [...options.elements].sort((a, b) => a.tag - b.tag)) writeElement(body, e, explicit);
  if (options.pixelData) writeElement(body, el(0x7fe00010, options.pixelData.vr, options.pixelData.bytes), explicit);
  if (options.encapsulated) encapsulate(body, options.encapsulated);
  let dataset = body.done();
  if (ts === TransferSyntax.DeflatedExplicitVRLittleEndian) dataset = new Uint8Array(deflateRawSync(dataset));

  // The meta group peers expect: version, SOP class and instance (copied from the data set), syntax.
  const meta = new Out(true);
  const value = (tag: number) => options.elements.find((e) => e.tag === tag)?.value;
  writeElement(meta, el(0x00020001, 'OB', Uint8Array.of(0, 1)), true);
  const sopClass = value(0x00080016);
  const sopInstance = value(0x00080018);
  if (typeof sopClass === 'string') writeElement(meta, el(0x00020002, 'UI', sopClass), true);
  if (typeof sopInstance === 'string') writeElement(meta, el(0x00020003, 'UI', sopInstance), true);
  writeElement(meta, el(0x00020010, 'UI', ts), true);
  const metaBytes = meta.done();
  const header = new Out(true);
  for (let i = 0; i < 128; i += 1) header.u8(0);
  header.u8(0x44, 0x49, 0x43, 0x4d);
  writeElement(header, el(0x00020000, 'UL', metaBytes.length), true);
  header.bytes(metaBytes);
  const head = header.done();
  const file = new Uint8Array(head.length + dataset.length);
  file.set(head, 0);
  file.set(dataset, head.length);
  return file;
}

/** The Image Pixel module elements most specs need. */
export function imagePixel(p: {
  rows: number;
  columns: number;
  samples?: number;
  bitsAllocated: number;
  bitsStored?: number;
  highBit?: number;
  signed?: boolean;
  photometric?: string;
  planar?: 0 | 1;
  frames?: number;
}): Element[] {
  const samples = p.samples ?? 1;
  const stored = p.bitsStored ?? p.bitsAllocated;
  const out = [
    el(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    el(0x00080018, 'UI', '1.2.3.4'),
    el(0x00280002, 'US', samples),
    el(0x00280004, 'CS', p.photometric ?? (samples === 3 ? 'RGB' : 'MONOCHROME2')),
    el(0x00280010, 'US', p.rows),
    el(0x00280011, 'US', p.columns),
    el(0x00280100, 'US', p.bitsAllocated),
    el(0x00280101, 'US', stored),
    el(0x00280102, 'US', p.highBit ?? stored - 1),
    el(0x00280103, 'US', p.signed ? 1 : 0),
  ];
  if (samples === 3) out.push(el(0x00280006, 'US', p.planar ?? 0));
  if (p.frames !== undefined) out.push(el(0x00280008, 'IS', String(p.frames)));
  return out;
}
