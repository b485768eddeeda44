// The Patient / Study / Series / Instance attributes the index keeps, read from a parsed header, and
// the checks that decide whether the file can be indexed at all. Field names are DICOM keywords.
import { IMAGE_SOP_CLASSES, isValidUid, sopClassName } from '../../common/dicom/uids';
import { parseCharacterSets } from './charset';
import type { DataSet } from './dicom-parser';
import type { Orientation, Vec3 } from './geometry';
import { PIXEL_DATA, ScanFailure, type ParsedHeader } from './read-header';
import * as reasons from './reasons';
import { asciiString, decimal, decimals, elementOf, integerString, items, text, uint16 } from './values';

export interface PixelDataInfo {
  /** 'x7fe00010' Pixel Data, or Float / Double Float Pixel Data (parametric maps). */
  tag: string;
  /** Offset of the value in the file (or in the inflated data set when deflated). */
  dataOffset: number;
  /** Declared length; null for encapsulated (undefined-length) pixel data. */
  length: number | null;
  SamplesPerPixel: number;
  BitsAllocated: number;
  PhotometricInterpretation: string;
}

export interface InstanceAttributes {
  PatientName: string;
  PatientID: string;
  PatientBirthDate: string;
  PatientSex: string;
  StudyInstanceUID: string;
  StudyDate: string;
  StudyTime: string;
  StudyDescription: string;
  AccessionNumber: string;
  SeriesInstanceUID: string;
  Modality: string;
  SeriesNumber: number | null;
  SeriesDescription: string;
  BodyPartExamined: string;
  SOPInstanceUID: string;
  SOPClassUID: string;
  TransferSyntaxUID: string;
  InstanceNumber: number | null;
  /** 1 for single-frame images; 0 for objects without pixel data (reports, plans, waveforms). */
  NumberOfFrames: number;
  Rows: number;
  Columns: number;
  ImagePositionPatient: Vec3 | null;
  ImageOrientationPatient: Orientation | null;
  PixelSpacing: [number, number] | null;
  SliceThickness: number | null;
  /** Enhanced multi-frame: each frame's position from the per-frame functional groups. */
  framePositions: Vec3[] | null;
  pixelData: PixelDataInfo | null;
}

const REQUIRED_UIDS: ReadonlyArray<[keyof InstanceAttributes, string, string]> = [
  ['SOPClassUID', '00080016', '(0008,0016)'],
  ['SOPInstanceUID', '00080018', '(0008,0018)'],
  ['StudyInstanceUID', '0020000D', '(0020,000D)'],
  ['SeriesInstanceUID', '0020000E', '(0020,000E)'],
];

/** Throws ScanFailure when the header lacks what indexing needs or says something impossible. */
export function extractAttributes(header: ParsedHeader): InstanceAttributes {
  const ds = header.body;
  const uids = new Map<string, string>();
  for (const [keyword, tag, label] of REQUIRED_UIDS) {
    const value = asciiString(ds, tag);
    if (!value) throw new ScanFailure(reasons.missingAttribute(keyword, label));
    if (!isValidUid(value)) throw new ScanFailure(reasons.invalidUid(keyword, label, value));
    uids.set(keyword, value);
  }
  const charsets = parseCharacterSets(asciiString(ds, '00080005'));
  const pixelElement = ds.elements[PIXEL_DATA] ?? elementOf(ds, '7FE00008') ?? elementOf(ds, '7FE00009');
  const SOPClassUID = uids.get('SOPClassUID')!;
  if (!pixelElement && IMAGE_SOP_CLASSES.has(SOPClassUID)) {
    // Elscint CTs keep the image in (07A1,100A), compressed their own way, and say so in (07A1,1011).
    const proprietary = asciiString(ds, '07A10010') === 'ELSCINT1' ? asciiString(ds, '07A11011') : '';
    if (/^PMSCT_/.test(proprietary)) throw new ScanFailure(reasons.proprietaryPixels(`Elscint ${proprietary}`));
    throw new ScanFailure(reasons.imageWithoutPixels(sopClassName(SOPClassUID)));
  }
  const frames = integerString(ds, '00280008');
  if (pixelElement && (frames.invalid || (frames.value !== null && frames.value < 1))) {
    throw new ScanFailure(reasons.invalidNumberOfFrames(frames.raw));
  }
  const Rows = uint16(ds, '00280010') ?? 0;
  const Columns = uint16(ds, '00280011') ?? 0;
  if (pixelElement && (Rows === 0 || Columns === 0)) throw new ScanFailure(reasons.MISSING_DIMENSIONS);

  const geometry = readGeometry(ds);
  return {
    PatientName: text(ds, '00100010', charsets),
    PatientID: text(ds, '00100020', charsets),
    PatientBirthDate: asciiString(ds, '00100030'),
    PatientSex: asciiString(ds, '00100040'),
    StudyInstanceUID: uids.get('StudyInstanceUID')!,
    StudyDate: asciiString(ds, '00080020'),
    StudyTime: asciiString(ds, '00080030'),
    StudyDescription: text(ds, '00081030', charsets),
    AccessionNumber: text(ds, '00080050', charsets),
    SeriesInstanceUID: uids.get('SeriesInstanceUID')!,
    Modality: asciiString(ds, '00080060'),
    SeriesNumber: integerString(ds, '00200011').value,
    SeriesDescription: text(ds, '0008103E', charsets),
    BodyPartExamined: asciiString(ds, '00180015'),
    SOPInstanceUID: uids.get('SOPInstanceUID')!,
    SOPClassUID,
    TransferSyntaxUID: header.transferSyntaxUID,
    InstanceNumber: integerString(ds, '00200013').value,
    NumberOfFrames: pixelElement ? (frames.value ?? 1) : 0,
    Rows,
    Columns,
    ...geometry,
    pixelData: pixelElement
      ? {
          tag: pixelElement.tag,
          dataOffset: pixelElement.dataOffset,
          length: pixelElement.length === 0xffffffff ? null : pixelElement.length,
          SamplesPerPixel: uint16(ds, '00280002') ?? 1,
          BitsAllocated: uint16(ds, '00280100') ?? 16,
          PhotometricInterpretation: asciiString(ds, '00280004'),
        }
      : null,
  };
}

type Geometry = Pick<
  InstanceAttributes,
  'ImagePositionPatient' | 'ImageOrientationPatient' | 'PixelSpacing' | 'SliceThickness' | 'framePositions'
>;

function vec3(values: number[] | null): Vec3 | null {
  return values && values.length >= 3 && values.slice(0, 3).every(Number.isFinite) ? [values[0]!, values[1]!, values[2]!] : null;
}

function orientation(values: number[] | null): Orientation | null {
  if (!values || values.length < 6 || !values.slice(0, 6).every(Number.isFinite)) return null;
  return values.slice(0, 6) as Orientation;
}

function spacing(values: number[] | null): [number, number] | null {
  return values && values.length >= 2 && values[0]! > 0 && values[1]! > 0 ? [values[0]!, values[1]!] : null;
}

/** First item of a functional-group macro (e.g. PlanePositionSequence) inside a group item. */
function macro(group: DataSet | undefined, sequenceTag: string): DataSet | undefined {
  return group ? items(group, sequenceTag)[0] : undefined;
}

/**
 * Classic images carry geometry at the top level. Enhanced multi-frame images carry it in
 * functional groups: shared ones (5200,9229) for what all frames have in common, per-frame ones
 * (5200,9230) for positions. Both are already parsed by the header read, so this costs nothing.
 */
function readGeometry(ds: DataSet): Geometry {
  let position = vec3(decimals(ds, '00200032'));
  let orient = orientation(decimals(ds, '00200037'));
  let pixelSpacing = spacing(decimals(ds, '00280030'));
  let thickness = decimal(ds, '00180050');
  let framePositions: Vec3[] | null = null;

  const shared = items(ds, '52009229')[0];
  const perFrame = items(ds, '52009230');
  if (shared || perFrame.length > 0) {
    const firstFrame = perFrame[0];
    const orientationMacro = macro(shared, '00209116') ?? macro(firstFrame, '00209116');
    const measures = macro(shared, '00289110') ?? macro(firstFrame, '00289110');
    orient ??= orientation(orientationMacro ? decimals(orientationMacro, '00200037') : null);
    pixelSpacing ??= spacing(measures ? decimals(measures, '00280030') : null);
    thickness ??= measures ? decimal(measures, '00180050') : null;
    const positions = perFrame.map((frame) => {
      const plane = macro(frame, '00209113');
      return plane ? vec3(decimals(plane, '00200032')) : null;
    });
    if (positions.length > 0 && positions.every((p) => p !== null)) {
      framePositions = positions as Vec3[];
      position ??= framePositions[0]!;
    }
  }
  return {
    ImagePositionPatient: position,
    ImageOrientationPatient: orient,
    PixelSpacing: pixelSpacing,
    SliceThickness: thickness,
    framePositions,
  };
}
