// The DCT decoder on streams from spec-support/jpeg-encoder.ts: every scan layout (interleaved,
// one scan per component, progressive with successive approximation) and restart interval must give
// the same samples, 8-bit frames must match libjpeg-turbo sample for sample (an independent islow
// IDCT, fancy upsampling and colour conversion), and damaged or unsupported streams are handled as
// libjpeg handles them. The real corpus is checked against DCMTK in tests/integration.
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../decode-error';
import { encodeJpeg, type EncodeOptions } from '../../spec-support/jpeg-encoder';
import { imageInfo, random, testPlanes } from '../../spec-support/test-images';
import { TransferSyntax } from '../../transfer-syntaxes';
import { decodeJpeg8 } from '../jpeg-baseline';
import { codecFor } from '../registry';
import { decodeJpegDct } from './codec';
import { decodeDctJpeg } from './decoder';

const W = 45;
const H = 27;

function options(precision: 8 | 12, sampling: [number, number][], extra: Partial<EncodeOptions> = {}): EncodeOptions {
  const planes = testPlanes(W, H, sampling.length, (1 << precision) - 1);
  return {
    width: W,
    height: H,
    precision,
    components: sampling.map(([h, v], i) => ({ h, v, samples: planes[i]!, table: i === 0 ? 0 : 1 })),
    ...extra,
  };
}

const samplesOf = (data: Uint8Array) => [...decodeDctJpeg(data).samples];

function countRestartMarkers(data: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 1 < data.length; i += 1) if (data[i] === 0xff && data[i + 1]! >= 0xd0 && data[i + 1]! <= 0xd7) n += 1;
  return n;
}

describe('JPEG DCT decoder (8- and 12-bit)', () => {
  it('decodes 12-bit greyscale to the source within rounding when every quantiser is 1', () => {
    const o = options(12, [[1, 1]], { quality: 0.01 });
    const image = decodeDctJpeg(encodeJpeg(o));
    expect([image.sof, image.precision, image.width, image.height, image.componentIds]).toEqual([0xc1, 12, W, H, [1]]);
    let max = 0;
    for (let i = 0; i < W * H; i += 1) max = Math.max(max, Math.abs(image.samples[i]! - o.components[0]!.samples[i]!));
    expect(max).toBeLessThanOrEqual(1);
  });

  const layouts: [string, 8 | 12, [number, number][]][] = [
    ['12-bit greyscale', 12, [[1, 1]]],
    ['12-bit 4:2:0 colour', 12, [[2, 2], [1, 1], [1, 1]]],
    ['12-bit 4:2:2 colour', 12, [[2, 1], [1, 1], [1, 1]]],
    ['8-bit 4:4:4 colour', 8, [[1, 1], [1, 1], [1, 1]]],
    ['12-bit odd sampling (1×2, 2×1, 1×1)', 12, [[1, 2], [2, 1], [1, 1]]],
  ];
  it.each(layouts)('gives the same %s samples for every scan layout and restart interval', (_, precision, sampling) => {
    const reference = samplesOf(encodeJpeg(options(precision, sampling)));
    expect(reference.length).toBe(W * H * sampling.length);
    for (const layout of ['separate', 'progressive'] as const) {
      expect(samplesOf(encodeJpeg(options(precision, sampling, { layout })))).toEqual(reference);
    }
    for (const restartInterval of [1, 2, 5]) {
      for (const layout of ['interleaved', 'separate', 'progressive'] as const) {
        const data = encodeJpeg(options(precision, sampling, { layout, restartInterval }));
        expect(countRestartMarkers(data)).toBeGreaterThan(0);
        expect(samplesOf(data)).toEqual(reference);
      }
    }
  });

  it('decodes a progressive stream whose bands need end-of-band runs and many refinement bits', () => {
    const o = options(12, [[1, 1]], { quality: 3 });
    const reference = samplesOf(encodeJpeg(o));
    const script = [
      { components: [0], ss: 0, se: 0, ah: 0, al: 3 },
      { components: [0], ss: 1, se: 2, ah: 0, al: 4 },
      { components: [0], ss: 3, se: 63, ah: 0, al: 4 },
      ...[3, 2, 1, 0].map((al) => ({ components: [0], ss: 0, se: 0, ah: al + 1, al })),
      ...[3, 2, 1, 0].flatMap((al) => [
        { components: [0], ss: 1, se: 2, ah: al + 1, al },
        { components: [0], ss: 3, se: 63, ah: al + 1, al },
      ]),
    ];
    expect(samplesOf(encodeJpeg({ ...o, layout: 'progressive', script }))).toEqual(reference);
    expect(samplesOf(encodeJpeg({ ...o, layout: 'progressive', script, restartInterval: 3 }))).toEqual(reference);
  });

  it('ignores Ss/Se/Ah/Al in sequential scans, as libjpeg does (some encoders write zeros there)', () => {
    const data = encodeJpeg(options(12, [[1, 1]]));
    const reference = samplesOf(data);
    const zeroed = new Uint8Array(data);
    for (let i = 0; i + 1 < zeroed.length; i += 1) {
      if (zeroed[i] === 0xff && zeroed[i + 1] === 0xda) {
        const end = i + 2 + ((zeroed[i + 2]! << 8) | zeroed[i + 3]!);
        zeroed[end - 2] = 0; // Se
      }
    }
    expect(samplesOf(zeroed)).toEqual(reference);
  });

  it('leaves the rest of a restart interval mid-grey when its data is cut short, and resumes at the next marker', () => {
    const data = encodeJpeg(options(12, [[1, 1]], { restartInterval: 2 }));
    const clean = decodeDctJpeg(data);
    // Cut the first interval (MCUs 0-1: the top-left 16×8 pixels) to 3 bytes.
    let sos = 0;
    while (!(data[sos] === 0xff && data[sos + 1] === 0xda)) sos += 1;
    const start = sos + 2 + ((data[sos + 2]! << 8) | data[sos + 3]!);
    let rst = start;
    while (!(data[rst] === 0xff && data[rst + 1] === 0xd0)) rst += 1;
    const damaged = new Uint8Array([...data.subarray(0, start + 3), ...data.subarray(rst)]);
    const image = decodeDctJpeg(damaged);
    expect(image.warnings.join(' ')).toMatch(/ends early/);
    // MCU 1 (x 8-15, y 0-7) is grey; everything from the second interval on is intact.
    for (let y = 0; y < 8; y += 1) for (let x = 8; x < 16; x += 1) expect(image.samples[y * W + x]).toBe(2048);
    for (let y = 0; y < 8; y += 1) for (let x = 16; x < W; x += 1) expect(image.samples[y * W + x]).toBe(clean.samples[y * W + x]);
    for (let i = 8 * W; i < W * H; i += 1) expect(image.samples[i]).toBe(clean.samples[i]);
  });

  it('decodes what there is of a truncated frame and says so', () => {
    const data = encodeJpeg(options(12, [[1, 1]]));
    const image = decodeDctJpeg(data.subarray(0, Math.floor(data.length * 0.6)));
    expect(image.warnings.join(' ')).toMatch(/ends early|without an EOI/);
    expect(image.samples[W * H - 1]).toBe(2048);
  });

  it('answers damaged streams with an image or a DecodeError, never anything else', () => {
    const rnd = random(42);
    const planes = testPlanes(24, 16, 3, 4095);
    const components = [
      { h: 2, v: 2, samples: planes[0]! },
      { h: 1, v: 1, samples: planes[1]!, table: 1 as const },
      { h: 1, v: 1, samples: planes[2]!, table: 1 as const },
    ];
    const streams = (['interleaved', 'separate', 'progressive'] as const).map((layout) => encodeJpeg({ width: 24, height: 16, precision: 12, layout, restartInterval: 2, components }));
    for (let i = 0; i < 600; i += 1) {
      let data = new Uint8Array(streams[i % streams.length]!);
      for (let n = 0; n < 1 + (i % 3); n += 1) {
        const at = Math.floor(rnd() * data.length);
        if (n === 2) data = data.subarray(0, at);
        else data[at] = rnd() < 0.3 ? 0xff : Math.floor(rnd() * 256);
      }
      try {
        decodeDctJpeg(data);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    }
  });

  it.each([
    [0xc3, /lossless \(SOF3\)/],
    [0xc5, /hierarchical/],
    [0xc9, /arithmetic-coded/],
    [0xcc, /arithmetic coding \(DAC\)/],
  ])('refuses SOF/DAC marker %i by name', (marker, message) => {
    const stream = Uint8Array.of(0xff, 0xd8, 0xff, marker, 0, 11, 12, 0, 8, 0, 8, 1, 1, 0x11, 0, 0xff, 0xd9);
    expect(() => decodeDctJpeg(stream)).toThrow(message);
  });

  it('refuses streams without a frame, a scan, or with damaged headers', () => {
    expect(() => decodeDctJpeg(Uint8Array.of(0, 1, 2))).toThrow(/SOI/);
    expect(() => decodeDctJpeg(Uint8Array.of(0xff, 0xd8, 0xff, 0xd9))).toThrow(/no frame header/);
    expect(() => decodeDctJpeg(Uint8Array.of(0xff, 0xd8, 0xff, 0xc1, 0, 11, 12, 0, 8, 0, 8, 1, 1, 0x11, 0, 0xff, 0xd9))).toThrow(/no scan/);
    expect(() => decodeDctJpeg(Uint8Array.of(0xff, 0xd8, 0xff, 0xc1, 0, 11, 16, 0, 8, 0, 8, 1, 1, 0x11, 0, 0xff, 0xd9))).toThrow(/16-bit samples/);
    expect(() => decodeDctJpeg(Uint8Array.of(0xff, 0xd8, 0xff, 0xc1, 0, 40, 12))).toThrow(/runs past the end/);
    const huge = Uint8Array.of(0xff, 0xd8, 0xff, 0xc1, 0, 17, 12, 0xff, 0xff, 0xff, 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 0xff, 0xd9);
    expect(() => decodeDctJpeg(huge)).toThrow(DecodeError);
  });
});

describe('JPEG DCT decoder against libjpeg-turbo (8-bit)', () => {
  const cases: [string, [number, number][], string, Partial<EncodeOptions>][] = [
    ['greyscale', [[1, 1]], 'MONOCHROME2', {}],
    ['4:4:4 YCbCr', [[1, 1], [1, 1], [1, 1]], 'YBR_FULL', {}],
    ['4:2:2 YCbCr', [[2, 1], [1, 1], [1, 1]], 'YBR_FULL_422', {}],
    ['4:2:0 YCbCr', [[2, 2], [1, 1], [1, 1]], 'YBR_FULL', { restartInterval: 3 }],
    ['4:2:0 YCbCr, progressive', [[2, 2], [1, 1], [1, 1]], 'YBR_FULL', { layout: 'progressive' }],
    ['4:4:4 labelled RGB (no conversion)', [[1, 1], [1, 1], [1, 1]], 'RGB', { layout: 'separate' }],
    ['greyscale, coarse quantisation', [[1, 1]], 'MONOCHROME2', { quality: 4 }],
  ];
  it.each(cases)('decodes %s exactly as libjpeg-turbo does', async (_, sampling, photometricInterpretation, extra) => {
    const data = encodeJpeg(options(8, sampling, extra));
    const info = imageInfo({
      transferSyntaxUID: TransferSyntax.JPEGBaseline8Bit,
      rows: H,
      columns: W,
      bitsAllocated: 8,
      samplesPerPixel: sampling.length,
      photometricInterpretation,
    });
    const theirs = await decodeJpeg8(data, info);
    const ours = decodeJpegDct(data, info);
    expect([ours.photometricInterpretation, ours.planarConfiguration, ours.bitsAllocated]).toEqual([theirs.photometricInterpretation, theirs.planarConfiguration, theirs.bitsAllocated]);
    expect([...ours.bytes]).toEqual([...theirs.bytes]);
  });
});

describe('JPEG DCT transfer syntaxes in the registry', () => {
  it('sends 12-bit frames of .51, .53 and .55 to the DCT decoder', async () => {
    for (const [ts, layout] of [
      [TransferSyntax.JPEGExtended12Bit, 'interleaved'],
      [TransferSyntax.JPEGSpectralSelectionNonHierarchical68, 'progressive'],
      [TransferSyntax.JPEGFullProgressionNonHierarchical1012, 'progressive'],
    ] as const) {
      const o = options(12, [[1, 1]], { layout });
      const out = await codecFor(ts).decode({ data: encodeJpeg(o), info: imageInfo({ transferSyntaxUID: ts, rows: H, columns: W }) });
      expect([out.bitsAllocated, out.bytes.length, out.photometricInterpretation]).toEqual([16, W * H * 2, 'MONOCHROME2']);
      const values = new Uint16Array(out.bytes.slice().buffer);
      expect(Math.max(...values)).toBeGreaterThan(255);
    }
  });

  it('converts 12-bit YCbCr to RGB when DICOM says YBR, and leaves it when DICOM says RGB', async () => {
    const o = options(12, [[2, 1], [1, 1], [1, 1]]);
    const data = encodeJpeg(o);
    const base = { transferSyntaxUID: TransferSyntax.JPEGExtended12Bit, rows: H, columns: W, samplesPerPixel: 3 };
    const ybr = await codecFor(TransferSyntax.JPEGExtended12Bit).decode({ data, info: imageInfo({ ...base, photometricInterpretation: 'YBR_FULL_422' }) });
    const raw = await codecFor(TransferSyntax.JPEGExtended12Bit).decode({ data, info: imageInfo({ ...base, photometricInterpretation: 'RGB' }) });
    expect([ybr.photometricInterpretation, raw.photometricInterpretation]).toEqual(['RGB', 'RGB']);
    const stored = decodeDctJpeg(data).samples;
    expect([...new Uint16Array(raw.bytes.slice().buffer)]).toEqual([...stored]);
    // Y, Cb, Cr of the first pixel, converted with the T.871 equations, within rounding.
    const [y, cb, cr] = [stored[0]!, stored[1]! - 2048, stored[2]! - 2048];
    const rgb = new Uint16Array(ybr.bytes.slice().buffer);
    expect(Math.abs(rgb[0]! - Math.min(4095, Math.max(0, y + 1.402 * cr)))).toBeLessThanOrEqual(1);
    expect(Math.abs(rgb[1]! - Math.min(4095, Math.max(0, y - 0.34414 * cb - 0.71414 * cr)))).toBeLessThanOrEqual(1);
    expect(Math.abs(rgb[2]! - Math.min(4095, Math.max(0, y + 1.772 * cb)))).toBeLessThanOrEqual(1);
  });

  it('checks the JPEG header against the data set before decoding', async () => {
    const data = encodeJpeg(options(12, [[1, 1]]));
    await expect(codecFor(TransferSyntax.JPEGExtended12Bit).decode({ data, info: imageInfo({ rows: 4096, columns: 4096 }) })).rejects.toThrow(/45×27 but the data set says 4096×4096/);
    await expect(codecFor(TransferSyntax.JPEGExtended12Bit).decode({ data, info: imageInfo({ rows: H, columns: W, bitsAllocated: 8 }) })).rejects.toThrow(/12-bit samples but the data set allocates 8/);
  });
});
