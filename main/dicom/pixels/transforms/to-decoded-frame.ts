// NativeFrame (the file's layout) -> DecodedFrame (what the viewer and the models take): greyscale as
// stored values in a typed array of BitsAllocated bits, 1-bit unpacked to bytes, float kept as float,
// every colour model as interleaved 8-bit RGB.
import type { DecodedFrame, StoredPixels } from '../../../../common/dicom';
import type { NativeFrame } from '../codecs/types';
import type { FramePresentation } from '../dataset/frame-presentation';
import type { ImageInfo } from '../dataset/image-info';
import type { PaletteLuts } from '../dataset/luts';
import { DecodeError } from '../decode-error';
import { toRgb } from './colour';
import { paletteToRgb } from './palette';
import { unpackBits } from './sample-layout';
import { minMax, storedValues } from './stored-values';

export interface FrameContext {
  info: ImageInfo;
  frame: number;
  presentation: FramePresentation;
  /** Needed for PALETTE COLOR only. */
  palette: () => PaletteLuts;
  lossyCompressed: boolean;
  decodeMs: number;
}

function floatPixels(native: NativeFrame, info: ImageInfo): Float32Array {
  const count = info.rows * info.columns;
  const source = native.bytes.byteOffset % 8 === 0 ? native.bytes : new Uint8Array(native.bytes);
  if (info.pixelDataKind === 'double') return Float32Array.from(new Float64Array(source.buffer, source.byteOffset, count));
  return new Float32Array(source.buffer.slice(source.byteOffset, source.byteOffset + count * 4));
}

export function toDecodedFrame(native: NativeFrame, context: FrameContext): DecodedFrame {
  const { info } = context;
  const pixelsCount = info.rows * info.columns;
  const layout = {
    bitsAllocated: native.bitsAllocated,
    bitsStored: Math.min(info.bitsStored, native.bitsAllocated),
    highBit: Math.min(info.highBit, native.bitsAllocated - 1),
    pixelRepresentation: info.pixelRepresentation,
  };
  const pi = native.photometricInterpretation;
  const base = {
    SOPInstanceUID: info.SOPInstanceUID,
    frame: context.frame,
    numberOfFrames: info.numberOfFrames,
    rows: info.rows,
    columns: info.columns,
    sourcePhotometric: info.photometricInterpretation,
    lossyCompressed: context.lossyCompressed,
    transferSyntaxUID: info.transferSyntaxUID,
    decodeMs: context.decodeMs,
    ...context.presentation,
  };

  if (info.samplesPerPixel === 3 || pi === 'PALETTE COLOR') {
    let rgb: Uint8Array;
    if (pi === 'PALETTE COLOR') {
      const indices = native.bitsAllocated === 1 ? unpackBits(native.bytes, pixelsCount) : storedValues(native.bytes, layout);
      rgb = paletteToRgb(indices, context.palette());
    } else {
      rgb = toRgb({ bytes: native.bytes, rows: info.rows, columns: info.columns, photometricInterpretation: pi, planarConfiguration: native.planarConfiguration, layout });
    }
    return { ...base, samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0, pixels: rgb, minStored: 0, maxStored: 255 };
  }

  if (pi !== 'MONOCHROME1' && pi !== 'MONOCHROME2') {
    throw new DecodeError('unsupported', `PhotometricInterpretation ${pi} with 1 sample per pixel is not supported.`);
  }
  let pixels: StoredPixels;
  let bitsAllocated = native.bitsAllocated;
  let bitsStored = layout.bitsStored;
  if (info.pixelDataKind !== 'integer') {
    pixels = floatPixels(native, info);
    bitsAllocated = 32;
    bitsStored = 32;
  } else if (native.bitsAllocated === 1) {
    pixels = unpackBits(native.bytes, pixelsCount);
    bitsAllocated = 8;
    bitsStored = 1;
  } else {
    pixels = storedValues(native.bytes.subarray(0, pixelsCount * (native.bitsAllocated / 8)), layout);
  }
  const { min, max } = minMax(pixels);
  return {
    ...base,
    samplesPerPixel: 1,
    photometric: pi,
    bitsAllocated,
    bitsStored,
    pixelRepresentation: info.pixelDataKind === 'integer' && native.bitsAllocated !== 1 ? info.pixelRepresentation : 0,
    pixels,
    minStored: min,
    maxStored: max,
  };
}
