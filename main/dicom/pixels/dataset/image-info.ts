// The Image Pixel module of a parsed file: what a codec needs to know to turn Pixel Data into
// samples. Validated here, once, so codecs can trust it: a missing or nonsensical attribute is a
// clear error naming the attribute, not a garbled image later.
import type { DataSet, Element } from 'dicom-parser';
import { DecodeError } from '../decode-error';
import { cs, isNumber, us } from './attributes';

export type PixelDataKind = 'integer' | 'float' | 'double';

export interface ImageInfo {
  SOPInstanceUID: string;
  transferSyntaxUID: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
  /** As stored, upper case, e.g. 'YBR_FULL_422', 'PALETTE COLOR'. */
  photometricInterpretation: string;
  planarConfiguration: 0 | 1;
  numberOfFrames: number;
  pixelDataKind: PixelDataKind;
  pixelData: Element;
}

const PIXEL_DATA = 'x7fe00010';
const FLOAT_PIXEL_DATA = 'x7fe00008';
const DOUBLE_FLOAT_PIXEL_DATA = 'x7fe00009';

function pixelDataElement(ds: DataSet): { kind: PixelDataKind; element: Element } | null {
  const integer = ds.elements[PIXEL_DATA];
  if (integer) return { kind: 'integer', element: integer };
  const float = ds.elements[FLOAT_PIXEL_DATA];
  if (float) return { kind: 'float', element: float };
  const double = ds.elements[DOUBLE_FLOAT_PIXEL_DATA];
  if (double) return { kind: 'double', element: double };
  return null;
}

function required(value: number | null, keyword: string): number {
  if (value === null) throw new DecodeError('corrupt', `The image has no ${keyword}; its pixel data cannot be interpreted.`);
  return value;
}

export function hasPixelData(ds: DataSet): boolean {
  return pixelDataElement(ds) !== null;
}

export function readImageInfo(ds: DataSet, transferSyntaxUID: string): ImageInfo {
  const pixel = pixelDataElement(ds);
  if (!pixel) throw new DecodeError('not-found', 'The file has no pixel data (it is not an image: a report, a structure set, a waveform...).');

  const rows = required(us(ds, 'x00280010'), 'Rows (0028,0010)');
  const columns = required(us(ds, 'x00280011'), 'Columns (0028,0011)');
  const samplesPerPixel = us(ds, 'x00280002') ?? 1;
  const floatKind = pixel.kind !== 'integer';
  const bitsAllocated = floatKind ? (pixel.kind === 'float' ? 32 : 64) : required(us(ds, 'x00280100'), 'BitsAllocated (0028,0100)');
  const bitsStored = floatKind ? bitsAllocated : (us(ds, 'x00280101') ?? bitsAllocated);
  const highBit = floatKind ? bitsAllocated - 1 : (us(ds, 'x00280102') ?? bitsStored - 1);
  const pixelRepresentation = floatKind ? 0 : us(ds, 'x00280103') === 1 ? 1 : 0;
  const photometricRaw = cs(ds, 'x00280004');
  const photometricInterpretation = (photometricRaw ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase();
  const planarConfiguration = us(ds, 'x00280006') === 1 ? 1 : 0;
  const frames = isNumber(ds, 'x00280008');
  const numberOfFrames = frames !== null && frames > 0 ? frames : 1;

  if (rows === 0 || columns === 0) throw new DecodeError('corrupt', `The image claims ${rows}×${columns} pixels; there is nothing to show.`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw new DecodeError('unsupported', `SamplesPerPixel ${samplesPerPixel} is not supported (only 1 for greyscale and 3 for colour).`);
  }
  if (!floatKind && ![1, 8, 16, 32].includes(bitsAllocated)) {
    throw new DecodeError('unsupported', `BitsAllocated ${bitsAllocated} is not supported (1, 8, 16 or 32).`);
  }
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw new DecodeError('corrupt', `BitsStored ${bitsStored} does not fit in BitsAllocated ${bitsAllocated}.`);
  }
  if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    throw new DecodeError('corrupt', `HighBit ${highBit} does not fit BitsStored ${bitsStored} in BitsAllocated ${bitsAllocated}.`);
  }

  const SOPInstanceUID = cs(ds, 'x00080018') ?? '';
  return {
    SOPInstanceUID,
    transferSyntaxUID,
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    photometricInterpretation,
    planarConfiguration,
    numberOfFrames,
    pixelDataKind: pixel.kind,
    pixelData: pixel.element,
  };
}

/** Bytes of one uncompressed frame as the photometric interpretation lays it out (YBR_*_422 is subsampled). */
export function nativeFrameBits(info: Pick<ImageInfo, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated' | 'photometricInterpretation'>): number {
  const pixels = info.rows * info.columns;
  const samples = isSubsampled422(info.photometricInterpretation) ? pixels * 2 : pixels * info.samplesPerPixel;
  return samples * info.bitsAllocated;
}

export function isSubsampled422(photometric: string): boolean {
  return photometric === 'YBR_FULL_422' || photometric === 'YBR_PARTIAL_422';
}
