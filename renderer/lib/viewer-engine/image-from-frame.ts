// Turns a frame that main decoded (stored values + what is needed to display them) into the image
// object cornerstone-core renders. No pixel parsing happens here: greyscale arrays are handed over as
// they came; colour gains the alpha channel cornerstone's colour path expects; float (and absurdly
// wide integer) data is quantised to 16 bits with a matching rescale, because cornerstone builds one
// LUT entry per integer stored value.
import type { Image, LUT } from 'cornerstone-core';
import type { DecodedFrame, LutDescriptor, StoredPixels, WindowPreset } from '../../../common/dicom';

export interface Voi {
  windowWidth: number;
  windowCenter: number;
}

/** What the viewer needs to know about a displayed frame, without its pixels. */
export interface FrameInfo {
  SOPInstanceUID: string;
  frame: number;
  rows: number;
  columns: number;
  photometric: DecodedFrame['photometric'];
  color: boolean;
  bitsStored: number;
  lossyCompressed: boolean;
  transferSyntaxUID: string;
  windows: WindowPreset[];
  voiLutFunction: DecodedFrame['voiLutFunction'];
  /** The file's VOI LUT sequence, ready for cornerstone (input values are modality values). */
  voiLut: LUT | null;
  /** Modality values spanned by this frame's pixels (after rescale or modality LUT). */
  range: { min: number; max: number };
  /** The file's own window (first preset), or the full range when it has none. */
  defaultVoi: Voi;
  pixelSpacing: [number, number] | null;
  /** MONOCHROME1 (low values are white), or a Presentation LUT Shape of INVERSE. */
  invert: boolean;
}

export interface MaskcueImage extends Image {
  info: FrameInfo;
}

/** Widest stored-value span cornerstone gets as is; wider (or float) data is quantised to 16 bits. */
const MAX_LUT_SPAN = 1 << 20;

function cornerstoneVoiLut(imageId: string, lut: LutDescriptor | null): LUT | null {
  if (!lut || lut.data.length === 0) return null;
  return { id: `voi:${imageId}`, firstValueMapped: lut.firstValueMapped, numBitsPerEntry: lut.bitsPerEntry, lut: Array.from(lut.data) };
}

/**
 * cornerstone-core 2.6 indexes the modality LUT by the stored value without subtracting
 * firstValueMapped, and clamps with firstValueMapped and firstValueMapped + table length. So the
 * table is laid out by stored value (padded below with its first entry, above with its last; signed
 * values below zero as array properties), and the firstValueMapped we report sits low enough that
 * neither clamp fires for any stored value of this frame.
 */
function cornerstoneModalityLut(imageId: string, lut: LutDescriptor, minStored: number, maxStored: number): LUT {
  const data = lut.data;
  const first = lut.firstValueMapped;
  const firstEntry = data[0] ?? 0;
  const last = data[data.length - 1] ?? 0;
  const valueAt = (v: number) => (v < first ? firstEntry : v >= first + data.length ? last : data[v - first]!);
  const reportedFirst = Math.min(first, Math.floor(minStored), 0);
  const length = Math.max(first + data.length, Math.ceil(maxStored) + 1 - reportedFirst, 1);
  const table = new Array<number>(length);
  for (let v = 0; v < length; v += 1) table[v] = valueAt(v);
  for (let v = reportedFirst; v < 0; v += 1) table[v] = valueAt(v);
  return { id: `modality:${imageId}`, firstValueMapped: reportedFirst, numBitsPerEntry: lut.bitsPerEntry, lut: table };
}

function modalityRange(frame: DecodedFrame): { min: number; max: number } {
  if (frame.modalityLut && frame.modalityLut.data.length > 0) {
    let min = Infinity;
    let max = -Infinity;
    const { data, firstValueMapped } = frame.modalityLut;
    const from = Math.max(0, Math.floor(frame.minStored) - firstValueMapped);
    const to = Math.min(data.length - 1, Math.ceil(frame.maxStored) - firstValueMapped);
    for (let i = Math.min(from, data.length - 1); i <= Math.max(to, 0); i += 1) {
      const value = data[i]!;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return { min, max };
  }
  const a = frame.minStored * frame.rescaleSlope + frame.rescaleIntercept;
  const b = frame.maxStored * frame.rescaleSlope + frame.rescaleIntercept;
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

/** A window that shows the whole range; never zero wide. */
export function fullRangeVoi(range: { min: number; max: number }): Voi {
  return { windowWidth: Math.max(range.max - range.min, 1), windowCenter: (range.max + range.min) / 2 };
}

function defaultVoi(frame: DecodedFrame, range: { min: number; max: number }, color: boolean): Voi {
  if (color) return { windowWidth: 255, windowCenter: 127.5 };
  const first = frame.windows.find((preset) => preset.width > 0);
  if (first) return { windowWidth: first.width, windowCenter: first.center };
  return fullRangeVoi(range);
}

function toRgba(rgb: StoredPixels, pixelCount: number): Uint8Array {
  const rgba = new Uint8Array(pixelCount * 4);
  for (let p = 0, s = 0, d = 0; p < pixelCount; p += 1) {
    rgba[d++] = rgb[s++]!;
    rgba[d++] = rgb[s++]!;
    rgba[d++] = rgb[s++]!;
    rgba[d++] = 255;
  }
  return rgba;
}

interface Quantised {
  pixels: Uint16Array;
  slope: number;
  intercept: number;
}

/** Maps stored values onto 0…65535 and returns the rescale that gives back modality values. */
function quantise(frame: DecodedFrame): Quantised {
  const { minStored, maxStored, pixels } = frame;
  const span = maxStored - minStored;
  const step = span > 0 ? span / 65535 : 1;
  const out = new Uint16Array(pixels.length);
  for (let i = 0; i < pixels.length; i += 1) out[i] = Math.round((pixels[i]! - minStored) / step);
  return { pixels: out, slope: frame.rescaleSlope * step, intercept: frame.rescaleIntercept + frame.rescaleSlope * minStored };
}

export function imageFromFrame(imageId: string, frame: DecodedFrame): MaskcueImage {
  const color = frame.samplesPerPixel === 3;
  const range = color ? { min: 0, max: 255 } : modalityRange(frame);
  const voi = defaultVoi(frame, range, color);
  const voiLut = color ? null : cornerstoneVoiLut(imageId, frame.voiLut);
  const info: FrameInfo = {
    SOPInstanceUID: frame.SOPInstanceUID,
    frame: frame.frame,
    rows: frame.rows,
    columns: frame.columns,
    photometric: frame.photometric,
    color,
    bitsStored: frame.bitsStored,
    lossyCompressed: frame.lossyCompressed,
    transferSyntaxUID: frame.transferSyntaxUID,
    windows: frame.windows,
    voiLutFunction: frame.voiLutFunction,
    voiLut,
    range,
    defaultVoi: voi,
    pixelSpacing: frame.pixelSpacing,
    // DX requires INVERSE exactly when MONOCHROME1, so either one means one inversion, not two.
    invert: !color && (frame.photometric === 'MONOCHROME1' || frame.presentationLutShape === 'INVERSE'),
  };

  let pixels: StoredPixels | Uint8Array = frame.pixels;
  let minPixelValue = frame.minStored;
  let maxPixelValue = frame.maxStored;
  let slope = frame.rescaleSlope;
  let intercept = frame.rescaleIntercept;
  let modalityLUT: LUT | undefined;
  if (color) {
    pixels = toRgba(frame.pixels, frame.rows * frame.columns);
    minPixelValue = 0;
    maxPixelValue = 255;
    slope = 1;
    intercept = 0;
  } else if (frame.modalityLut && frame.modalityLut.data.length > 0) {
    modalityLUT = cornerstoneModalityLut(imageId, frame.modalityLut, frame.minStored, frame.maxStored);
  } else if (frame.pixels instanceof Float32Array || frame.maxStored - Math.min(frame.minStored, 0) > MAX_LUT_SPAN) {
    const q = quantise(frame);
    pixels = q.pixels;
    minPixelValue = 0;
    maxPixelValue = frame.maxStored > frame.minStored ? 65535 : 0;
    slope = q.slope;
    intercept = q.intercept;
  }

  const data = pixels;
  const [rowSpacing, columnSpacing] = frame.pixelSpacing ?? [undefined, undefined];
  return {
    imageId,
    info,
    minPixelValue,
    maxPixelValue,
    slope,
    intercept,
    windowCenter: voi.windowCenter,
    windowWidth: voi.windowWidth,
    getPixelData: () => data,
    rows: frame.rows,
    columns: frame.columns,
    height: frame.rows,
    width: frame.columns,
    color,
    rgba: false,
    invert: info.invert,
    ...(rowSpacing !== undefined && rowSpacing > 0 ? { rowPixelSpacing: rowSpacing } : {}),
    ...(columnSpacing !== undefined && columnSpacing > 0 ? { columnPixelSpacing: columnSpacing } : {}),
    sizeInBytes: data.byteLength + (modalityLUT ? modalityLUT.lut.length * 8 : 0),
    ...(modalityLUT ? { modalityLUT } : {}),
    ...(voiLut ? { voiLUT: voiLut } : {}),
  };
}
