import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeStoredFrame, openImage } from './decode-frame';
import { readImageInfo } from './dataset/image-info';
import { parseDicomBytes } from './dataset/parse';
import { DecodeError } from './decode-error';
import { encapsulatedFrame } from './frame-bytes';
import { el, imagePixel, writeDicom, type Element } from './spec-support/write-dicom';
import { TransferSyntax } from './transfer-syntaxes';

const le16 = (...values: number[]) => new Uint8Array(Uint16Array.from(values).buffer);

function decodeError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error('expected a DecodeError');
}

describe('native pixel data', () => {
  const pixels = [0x0102, 0x0304, 0xfffe, 0x8000];
  const module = imagePixel({ rows: 2, columns: 2, bitsAllocated: 16, signed: true });

  for (const ts of [TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.DeflatedExplicitVRLittleEndian]) {
    it(`reads ${ts}`, async () => {
      const image = openImage(writeDicom({ transferSyntaxUID: ts, elements: module, pixelData: { vr: 'OW', bytes: le16(...pixels) } }));
      const frame = await decodeFrame(image, 0);
      expect(frame.pixels).toBeInstanceOf(Int16Array);
      expect([...frame.pixels]).toEqual([0x0102, 0x0304, -2, -32768]);
      expect([frame.minStored, frame.maxStored]).toEqual([-32768, 0x0304]);
    });
  }

  it('swaps big endian OW in 16-bit words, and leaves OB alone', async () => {
    const be = Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0xff, 0xfe, 0x80, 0x00);
    const image = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRBigEndian, elements: module, pixelData: { vr: 'OW', bytes: be } }));
    expect([...(await decodeFrame(image, 0)).pixels]).toEqual([0x0102, 0x0304, -2, -32768]);
    const rgb = imagePixel({ rows: 1, columns: 2, samples: 3, bitsAllocated: 8 });
    const ob = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRBigEndian, elements: rgb, pixelData: { vr: 'OB', bytes: Uint8Array.of(1, 2, 3, 4, 5, 6) } }));
    expect([...(await decodeStoredFrame(ob, 0)).bytes]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('finds 1-bit frames that do not start on a byte boundary', async () => {
    // Three 3×3 frames (9 bits each): frame 1 starts at bit 9.
    const bits = [1, 0, 0, 0, 0, 0, 0, 0, 1, /* frame 1 */ 1, 1, 0, 0, 0, 0, 0, 0, 1, /* frame 2 */ 0, 0, 0, 0, 1, 0, 0, 0, 0];
    const packed = new Uint8Array(4);
    bits.forEach((b, i) => {
      if (b) packed[i >> 3]! |= 1 << (i & 7);
    });
    const image = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: imagePixel({ rows: 3, columns: 3, bitsAllocated: 1, frames: 3 }), pixelData: { vr: 'OB', bytes: packed } }));
    const frame1 = await decodeFrame(image, 1);
    expect([...frame1.pixels]).toEqual(bits.slice(9, 18));
    expect([frame1.bitsAllocated, frame1.bitsStored, frame1.numberOfFrames]).toEqual([8, 1, 3]);
    expect([...(await decodeFrame(image, 2)).pixels]).toEqual(bits.slice(18));
    // --raw: the frame's bits realigned to bit 0.
    expect([...(await decodeStoredFrame(image, 1)).bytes]).toEqual([0x03, 0x01]);
  });

  it('converts native YBR_FULL_422 and palette colour to RGB', async () => {
    const ybr = openImage(writeDicom({
      transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian,
      elements: imagePixel({ rows: 1, columns: 2, samples: 3, bitsAllocated: 8, photometric: 'YBR_FULL_422' }),
      pixelData: { vr: 'OB', bytes: Uint8Array.of(128, 200, 128, 128) },
    }));
    const frame = await decodeFrame(ybr, 0);
    expect([...frame.pixels]).toEqual([128, 128, 128, 200, 200, 200]);
    expect([frame.photometric, frame.sourcePhotometric, frame.samplesPerPixel]).toEqual(['RGB', 'YBR_FULL_422', 3]);
    // The raw frame keeps the subsampled layout (4 bytes for 2 pixels), as dcmconv writes it.
    expect((await decodeStoredFrame(ybr, 0)).bytes.length).toBe(4);

    const palette: Element[] = [
      ...imagePixel({ rows: 1, columns: 2, bitsAllocated: 8, photometric: 'PALETTE COLOR' }),
      el(0x00281101, 'US', [2, 0, 16]),
      el(0x00281102, 'US', [2, 0, 16]),
      el(0x00281103, 'US', [2, 0, 16]),
      el(0x00281201, 'OW', le16(0xff00, 0x0000)),
      el(0x00281202, 'OW', le16(0x0000, 0xff00)),
      el(0x00281203, 'OW', le16(0x0000, 0x8000)),
    ];
    const pal = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: palette, pixelData: { vr: 'OB', bytes: Uint8Array.of(0, 1) } }));
    expect([...(await decodeFrame(pal, 0)).pixels]).toEqual([255, 0, 0, 0, 255, 128]);
  });

  it('reads Float Pixel Data as float', async () => {
    const floats = new Uint8Array(Float32Array.of(1.5, -2.25).buffer);
    const elements = [el(0x00280002, 'US', 1), el(0x00280004, 'CS', 'MONOCHROME2'), el(0x00280010, 'US', 1), el(0x00280011, 'US', 2), el(0x7fe00008, 'OF', floats)];
    const frame = await decodeFrame(openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements })), 0);
    expect(frame.pixels).toBeInstanceOf(Float32Array);
    expect([...frame.pixels]).toEqual([1.5, -2.25]);
  });
});

describe('encapsulated pixel data', () => {
  const elements = imagePixel({ rows: 1, columns: 4, bitsAllocated: 8, frames: 3 });
  const frames = [Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8), Uint8Array.of(9, 10, 11, 12)];

  it('finds frames through the Basic Offset Table, fragmented or not', async () => {
    const split = frames.map((f) => [f.subarray(0, 2), f.subarray(2)]);
    for (const layout of [frames.map((f) => [f]), split]) {
      const file = writeDicom({ transferSyntaxUID: TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian, elements, encapsulated: { frames: layout } });
      const image = openImage(file);
      expect([...(await decodeStoredFrame(image, 2)).bytes]).toEqual([9, 10, 11, 12]);
    }
  });

  it('takes one fragment per frame when there is no offset table', async () => {
    const image = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian, elements, encapsulated: { frames: frames.map((f) => [f]), offsetTable: false } }));
    expect([...(await decodeFrame(image, 1)).pixels]).toEqual([5, 6, 7, 8]);
  });

  it('uses the Extended Offset Table, with its lengths, when there is one', () => {
    // dicom-parser 1.8 cannot read explicit-VR OV elements (cornerstonejs/dicomParser#284), so the
    // table comes from an implicit-VR data set and the fragments are given by hand.
    const u64 = (...values: number[]) => new Uint8Array(BigUint64Array.from(values.map(BigInt)).buffer);
    const file = writeDicom({ transferSyntaxUID: TransferSyntax.ImplicitVRLittleEndian, elements: [el(0x7fe00001, 'OV', u64(0, 14)), el(0x7fe00002, 'OV', u64(5, 5))] });
    const { dataSet } = parseDicomBytes(file);
    const bytes = Uint8Array.of(1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10, 0);
    const info = {
      ...readImageInfo(openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: imagePixel({ rows: 1, columns: 5, bitsAllocated: 8, frames: 2 }), pixelData: { vr: 'OB', bytes: new Uint8Array(10) } })).parsed.dataSet, TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian),
      pixelData: { tag: 'x7fe00010', length: 0, dataOffset: 0, encapsulatedPixelData: true, basicOffsetTable: [], fragments: [{ offset: 0, position: 0, length: 6 }, { offset: 14, position: 6, length: 6 }] },
    };
    expect([...encapsulatedFrame(dataSet, info, 1, null, bytes)]).toEqual([6, 7, 8, 9, 10]);
  });

  it('refuses to guess frames from fragments when nothing marks them', async () => {
    const image = openImage(writeDicom({
      transferSyntaxUID: TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian,
      elements,
      encapsulated: { frames: frames.map((f) => [f.subarray(0, 2), f.subarray(2)]), offsetTable: false },
    }));
    await expect(decodeStoredFrame(image, 0)).rejects.toThrow(/no offset table/);
  });
});

describe('refusals and errors', () => {
  it('refuses absurd sizes before allocating, naming the claim', () => {
    const file = writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: imagePixel({ rows: 65535, columns: 65535, bitsAllocated: 16 }), pixelData: { vr: 'OW', bytes: new Uint8Array(256) } });
    const error = decodeError(() => openImage(file));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/65535×65535 pixels/);
  });

  it('says when pixel data is truncated', async () => {
    const image = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: imagePixel({ rows: 4, columns: 4, bitsAllocated: 16 }), pixelData: { vr: 'OW', bytes: new Uint8Array(8) } }));
    await expect(decodeStoredFrame(image, 0)).rejects.toThrow(/truncated/);
  });

  it('says which frames exist', async () => {
    const image = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: imagePixel({ rows: 1, columns: 1, bitsAllocated: 8 }), pixelData: { vr: 'OB', bytes: Uint8Array.of(1, 0) } }));
    await expect(decodeStoredFrame(image, 1)).rejects.toThrow(/Frame 1 does not exist: the image has 1 frame \(0 to 0\)/);
  });

  it('names an unsupported transfer syntax', async () => {
    const image = openImage(writeDicom({ transferSyntaxUID: '1.2.840.10008.1.2.4.112', elements: imagePixel({ rows: 1, columns: 1, bitsAllocated: 8 }), encapsulated: { frames: [[Uint8Array.of(0, 0)]] } }));
    await expect(decodeStoredFrame(image, 0)).rejects.toThrow(/cannot decode JPEG XL \(1\.2\.840\.10008\.1\.2\.4\.112\)/);
  });

  it('says a file without pixel data is not an image', () => {
    const file = writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements: [el(0x00080018, 'UI', '1.2')] });
    expect(decodeError(() => openImage(file)).kind).toBe('not-found');
  });
});

describe('what the viewer needs besides pixels', () => {
  it('carries every window with its explanation, the VOI function and rescale', async () => {
    const elements = [
      ...imagePixel({ rows: 1, columns: 1, bitsAllocated: 16, signed: true }),
      el(0x00281050, 'DS', '40\\-600'),
      el(0x00281051, 'DS', '400\\1500'),
      el(0x00281055, 'LO', 'SOFT TISSUE\\LUNG'),
      el(0x00281056, 'CS', 'SIGMOID'),
      el(0x00281052, 'DS', '-1024'),
      el(0x00281053, 'DS', '1'),
      el(0x00281054, 'LO', 'HU'),
      el(0x00280030, 'DS', '0.5\\0.7'),
    ];
    const frame = await decodeFrame(openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements, pixelData: { vr: 'OW', bytes: le16(0) } })), 0);
    expect(frame.windows).toEqual([
      { center: 40, width: 400, explanation: 'SOFT TISSUE' },
      { center: -600, width: 1500, explanation: 'LUNG' },
    ]);
    expect([frame.voiLutFunction, frame.rescaleIntercept, frame.rescaleSlope, frame.rescaleType]).toEqual(['SIGMOID', -1024, 1, 'HU']);
    expect(frame.pixelSpacing).toEqual([0.5, 0.7]);
  });

  it('reads modality and VOI LUT sequences (signed first value mapped)', async () => {
    const lutItem = (first: number, data: number[]) => [el(0x00283002, 'SS', [data.length, first & 0xffff, 16]), el(0x00283006, 'OW', le16(...data)), el(0x00283003, 'LO', 'TEST')];
    const elements = [
      ...imagePixel({ rows: 1, columns: 1, bitsAllocated: 16, signed: true }),
      el(0x00283000, 'SQ', [lutItem(-2, [10, 20, 30])]),
      el(0x00283010, 'SQ', [lutItem(0, [0, 4095])]),
    ];
    const frame = await decodeFrame(openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements, pixelData: { vr: 'OW', bytes: le16(0) } })), 0);
    expect(frame.modalityLut).toMatchObject({ firstValueMapped: -2, bitsPerEntry: 16, explanation: 'TEST' });
    expect([...frame.modalityLut!.data]).toEqual([10, 20, 30]);
    expect([...frame.voiLut!.data]).toEqual([0, 4095]);
  });

  it('takes rescale and windows per frame from enhanced multi-frame functional groups', async () => {
    const perFrame = (intercept: string, center: string) => [
      el(0x00289145, 'SQ', [[el(0x00281052, 'DS', intercept), el(0x00281053, 'DS', '2')]]),
      el(0x00289132, 'SQ', [[el(0x00281050, 'DS', center), el(0x00281051, 'DS', '100')]]),
    ];
    const elements = [
      ...imagePixel({ rows: 1, columns: 1, bitsAllocated: 16, frames: 2 }),
      el(0x52009229, 'SQ', [[el(0x00289110, 'SQ', [[el(0x00280030, 'DS', '0.8\\0.8')]])]]),
      el(0x52009230, 'SQ', [perFrame('-100', '10'), perFrame('-200', '20')]),
    ];
    const image = openImage(writeDicom({ transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, elements, pixelData: { vr: 'OW', bytes: le16(1, 2) } }));
    const second = await decodeFrame(image, 1);
    expect([second.rescaleIntercept, second.rescaleSlope, second.windows[0]?.center, second.pixelSpacing]).toEqual([-200, 2, 20, [0.8, 0.8]]);
    expect((await decodeFrame(image, 0)).rescaleIntercept).toBe(-100);
  });
});
