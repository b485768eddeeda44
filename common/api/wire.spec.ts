import { describe, expect, it } from 'vitest';
import { decodeBinaryMessage, encodeMessage } from './wire';

const utf8 = { encode: (s: string) => new TextEncoder().encode(s), decode: (b: Uint8Array) => new TextDecoder().decode(b) };

describe('socket wire envelope', () => {
  it('keeps plain messages as JSON text', () => {
    expect(encodeMessage({ id: 1, result: { ok: true, value: [1, 2] } }, utf8)).toBe('{"id":1,"result":{"ok":true,"value":[1,2]}}');
  });

  it('round-trips typed arrays of every kind in place, aligned, with values intact', () => {
    const message = {
      id: 7,
      result: {
        ok: true,
        value: {
          pixels: new Int16Array([-1024, 0, 3071, 12]),
          lut: new Uint16Array([1, 2, 3]),
          mask: new Uint8Array([0, 255, 1]),
          f: new Float32Array([0.5, -2.25]),
          nested: [{ u32: new Uint32Array([4294967295]) }],
          odd: new Uint8Array([9, 9, 9, 9, 9]).subarray(1, 4),
        },
      },
    };
    const frame = encodeMessage(message, utf8);
    expect(frame).toBeInstanceOf(Uint8Array);
    const decoded = decodeBinaryMessage(frame as Uint8Array, utf8) as typeof message;
    expect(decoded).toEqual(message);
    expect(decoded.result.value.pixels).toBeInstanceOf(Int16Array);
    expect(decoded.result.value.pixels.byteOffset % 8).toBe(0);
    expect(Array.from(decoded.result.value.odd)).toEqual([9, 9, 9]);
  });

  it('decodes frames that sit at an odd offset inside a larger buffer (Node socket buffers)', () => {
    const frame = encodeMessage({ data: new Uint16Array([1, 2, 3]) }, utf8) as Uint8Array;
    const host = new Uint8Array(frame.length + 3);
    host.set(frame, 3);
    expect(decodeBinaryMessage(host.subarray(3), utf8)).toEqual({ data: new Uint16Array([1, 2, 3]) });
  });

  it.each([
    ['too short', new Uint8Array([1, 0])],
    ['header past the end', new Uint8Array([200, 0, 0, 0, 123])],
  ])('refuses a frame that is %s', (_label, frame) => {
    expect(() => decodeBinaryMessage(frame, utf8)).toThrow();
  });

  it('refuses placeholders that point outside the frame or at the header', () => {
    const forge = (json: string, extra = 0) => {
      const header = utf8.encode(json);
      const frame = new Uint8Array(4 + header.length + extra);
      new DataView(frame.buffer).setUint32(0, header.length, true);
      frame.set(header, 4);
      return frame;
    };
    expect(() => decodeBinaryMessage(forge('{"a":{"$bin":["Uint8Array",0,4]}}', 8), utf8)).toThrow(/range/);
    expect(() => decodeBinaryMessage(forge('{"a":{"$bin":["Uint8Array",48,4000]}}', 16), utf8)).toThrow(/outside/);
    expect(() => decodeBinaryMessage(forge('{"a":{"$bin":["BigInt64Array",40,1]}}', 8), utf8)).toThrow(/unknown array type/);
  });
});
