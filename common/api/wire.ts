// Binary envelope for the browser-mode socket. Electron IPC carries typed arrays natively (structured
// clone); JSON cannot, and base64 would cost a third more bytes and a copy on each side. A message
// holding typed arrays goes as one binary frame:
//   u32 LE  header length H
//   H bytes UTF-8 JSON, each typed array replaced by {"$bin": [type, offset, length]}
//   then the arrays' bytes, each starting at an 8-byte aligned offset (from the frame start), so the
//   receiver can view them in place.
// Messages without typed arrays stay plain JSON text.

export const BINARY_TYPES = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;

export type BinaryTypeName = keyof typeof BINARY_TYPES;
type AnyTypedArray = InstanceType<(typeof BINARY_TYPES)[BinaryTypeName]>;

export interface Utf8 {
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

function typeName(value: unknown): BinaryTypeName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  for (const name of Object.keys(BINARY_TYPES) as BinaryTypeName[]) {
    if (value instanceof BINARY_TYPES[name]) return name;
  }
  return null;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Returns a string (no typed arrays inside) or one binary frame. */
export function encodeMessage(message: unknown, utf8: Utf8): string | Uint8Array<ArrayBuffer> {
  const arrays: AnyTypedArray[] = [];
  const placeholders: [BinaryTypeName, number, number][] = [];
  const json = JSON.stringify(message, (_key, value: unknown) => {
    const name = typeName(value);
    if (!name) return value;
    const array = value as AnyTypedArray;
    arrays.push(array);
    const placeholder: [BinaryTypeName, number, number] = [name, 0, array.length];
    placeholders.push(placeholder);
    return { $bin: placeholder };
  });
  if (arrays.length === 0) return json;
  // Offsets depend on the header length, which depends on the offsets' digits: fix point in two passes.
  let header = utf8.encode(json);
  for (let pass = 0; pass < 3; pass += 1) {
    let offset = align8(4 + header.length);
    arrays.forEach((array, i) => {
      placeholders[i]![1] = offset;
      offset = align8(offset + array.byteLength);
    });
    const next = utf8.encode(JSON.stringify(message, (_key, value: unknown) => {
      const index = arrays.indexOf(value as AnyTypedArray);
      return index >= 0 ? { $bin: placeholders[index] } : value;
    }));
    if (next.length === header.length) {
      header = next;
      break;
    }
    header = next;
  }
  const last = placeholders.at(-1)!;
  const total = last[1] + arrays.at(-1)!.byteLength;
  const frame = new Uint8Array(total);
  new DataView(frame.buffer).setUint32(0, header.length, true);
  frame.set(header, 4);
  arrays.forEach((array, i) => {
    frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), placeholders[i]![1]);
  });
  return frame;
}

/** Decodes a frame made by encodeMessage. Throws with a reason on anything malformed. */
export function decodeBinaryMessage(frame: Uint8Array, utf8: Utf8): unknown {
  if (frame.byteLength < 4) throw new Error('binary frame shorter than its header length');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > frame.byteLength) throw new Error('binary frame header runs past the frame');
  // Views need aligned, standalone memory; copy unless the frame owns its buffer from offset 0.
  const owned = frame.byteOffset === 0 ? frame.buffer : new Uint8Array(frame).buffer; // (Buffer#slice would not copy)
  const json = utf8.decode(frame.subarray(4, 4 + headerLength));
  return JSON.parse(json, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || !('$bin' in value)) return value;
    const spec = (value as { $bin: unknown }).$bin;
    if (!Array.isArray(spec) || spec.length !== 3) throw new Error('bad binary placeholder');
    const [name, offset, length] = spec as [unknown, unknown, unknown];
    if (typeof name !== 'string' || !Object.hasOwn(BINARY_TYPES, name)) throw new Error(`unknown array type ${String(name)}`);
    const Type = BINARY_TYPES[name as BinaryTypeName];
    if (!Number.isInteger(offset) || !Number.isInteger(length) || (offset as number) < 4 + headerLength || (length as number) < 0) {
      throw new Error('bad binary placeholder range');
    }
    const start = offset as number;
    const count = length as number;
    if (start % Type.BYTES_PER_ELEMENT !== 0 || start + count * Type.BYTES_PER_ELEMENT > frame.byteLength) {
      throw new Error('binary placeholder points outside the frame');
    }
    return new Type(owned as ArrayBuffer, start, count);
  });
}
