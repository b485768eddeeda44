import { describe, expect, it } from 'vitest';
import type { DecodedFrame } from '../../../common/dicom';
import { imageFromFrame } from './image-from-frame';

function frame(overrides: Partial<DecodedFrame> = {}): DecodedFrame {
  return {
    SOPInstanceUID: '1.2.3',
    frame: 0,
    numberOfFrames: 1,
    rows: 2,
    columns: 2,
    samplesPerPixel: 1,
    photometric: 'MONOCHROME2',
    sourcePhotometric: 'MONOCHROME2',
    bitsAllocated: 16,
    bitsStored: 12,
    pixelRepresentation: 1,
    pixels: new Int16Array([-1000, 0, 40, 2000]),
    minStored: -1000,
    maxStored: 2000,
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    rescaleType: 'HU',
    modalityLut: null,
    windows: [{ center: 40, width: 400, explanation: 'ABDOMEN' }],
    voiLutFunction: 'LINEAR',
    voiLut: null,
    presentationLutShape: null,
    pixelPadding: null,
    pixelSpacing: [0.7, 0.8],
    lossyCompressed: false,
    transferSyntaxUID: '1.2.840.10008.1.2.1',
    decodeMs: 1,
    ...overrides,
  };
}

describe('imageFromFrame', () => {
  it('hands greyscale stored values to cornerstone as they are, with rescale, window and spacing', () => {
    const source = frame();
    const image = imageFromFrame('maskcue:1.2.3:0', source);
    expect(image.getPixelData()).toBe(source.pixels);
    expect(image).toMatchObject({
      minPixelValue: -1000,
      maxPixelValue: 2000,
      slope: 1,
      intercept: -1024,
      windowCenter: 40,
      windowWidth: 400,
      rowPixelSpacing: 0.7,
      columnPixelSpacing: 0.8,
      color: false,
      invert: false,
      sizeInBytes: 8,
    });
    expect(image.info.range).toEqual({ min: -2024, max: 976 });
  });

  it('falls back to the full range when the file has no usable window', () => {
    const image = imageFromFrame('maskcue:1.2.3:0', frame({ windows: [{ center: 0, width: 0, explanation: '' }] }));
    expect(image.windowWidth).toBe(3000);
    expect(image.windowCenter).toBe(-524);
  });

  it('inverts MONOCHROME1 and PresentationLUTShape INVERSE', () => {
    expect(imageFromFrame('maskcue:1.2.3:0', frame({ photometric: 'MONOCHROME1' })).invert).toBe(true);
    expect(imageFromFrame('maskcue:1.2.3:0', frame({ presentationLutShape: 'INVERSE' })).invert).toBe(true);
  });

  it('gives colour an alpha channel and an identity window', () => {
    const image = imageFromFrame(
      'maskcue:1.2.3:0',
      frame({ samplesPerPixel: 3, photometric: 'RGB', rows: 1, columns: 2, pixels: new Uint8Array([1, 2, 3, 4, 5, 6]), minStored: 0, maxStored: 255 }),
    );
    expect(Array.from(image.getPixelData())).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect(image).toMatchObject({ color: true, minPixelValue: 0, maxPixelValue: 255, windowWidth: 255, windowCenter: 127.5 });
  });

  it('quantises float pixels to 16 bits with a rescale that gives the values back', () => {
    const image = imageFromFrame('maskcue:1.2.3:0', frame({ pixels: new Float32Array([-1.5, 0, 0.25, 2.5]), minStored: -1.5, maxStored: 2.5, rescaleIntercept: 0 }));
    const data = image.getPixelData();
    expect(data).toBeInstanceOf(Uint16Array);
    expect(image.maxPixelValue).toBe(65535);
    const back = Array.from(data, (v) => v * image.slope + image.intercept);
    expect(back[0]).toBeCloseTo(-1.5, 3);
    expect(back[3]).toBeCloseTo(2.5, 3);
  });

  it('lays a modality LUT out by stored value (cornerstone 2.6 indexes it so)', () => {
    const image = imageFromFrame(
      'maskcue:1.2.3:0',
      frame({
        pixels: new Uint16Array([2, 3, 4, 9]),
        minStored: 2,
        maxStored: 9,
        modalityLut: { firstValueMapped: 3, bitsPerEntry: 16, data: new Uint16Array([100, 200, 300]), explanation: '' },
      }),
    );
    const lut = image.modalityLUT!.lut;
    expect([lut[2], lut[3], lut[4], lut[5], lut[9]]).toEqual([100, 100, 200, 300, 300]);
    expect(image.info.range).toEqual({ min: 100, max: 300 });
    expect(image.modalityLUT!.id).toContain('maskcue:1.2.3:0');
  });

  it('maps signed stored values through a modality LUT that starts below zero', () => {
    const data = new Uint16Array(4096).map((_, i) => i * 16);
    const image = imageFromFrame(
      'maskcue:1.2.3:0',
      frame({ pixels: new Int16Array([-2048, -1, 0, 2047]), minStored: -2048, maxStored: 2047, modalityLut: { firstValueMapped: -2048, bitsPerEntry: 16, data, explanation: '' } }),
    );
    const { lut, firstValueMapped } = image.modalityLUT!;
    // What cornerstone 2.6 does with it (getModalityLUT.js, generateNonLinearModalityLUT):
    const maxValueMapped = firstValueMapped + lut.length;
    const look = (v: number) => (v < firstValueMapped ? lut[0] : v >= maxValueMapped ? lut[lut.length - 1] : lut[v]);
    expect([-2048, -1, 0, 2047].map(look)).toEqual([0, 2047 * 16, 2048 * 16, 4095 * 16]);
  });

  it('passes the VOI LUT sequence on with an id of its own', () => {
    const image = imageFromFrame('maskcue:1.2.3:0', frame({ voiLut: { firstValueMapped: 0, bitsPerEntry: 8, data: new Uint16Array([0, 255]), explanation: '' } }));
    expect(image.voiLUT).toMatchObject({ firstValueMapped: 0, lut: [0, 255] });
    expect(image.info.voiLut?.id).toBe('voi:maskcue:1.2.3:0');
  });
});
