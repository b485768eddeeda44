// Writes the findings' masks as a DICOM Segmentation (PS3.3 A.51), binary: one segment per finding
// label, one frame per (segment, source frame), LSB-first bits running across frames (seg-bits.ts).
//
// Unlike viewers that need a volume (OHIF refuses a SEG whose frames carry no plane position), this
// writes SEGs for single-frame DX/CR and US sources with no ImagePositionPatient/Orientation: their
// frames are tied to the source by DerivationImageSequence/SourceImageSequence alone, with pixel
// measures when the spacing is known, and the only dimension is the segment number (plus a frame
// counter when a segment spans several un-positioned images). Sources with patient geometry also get
// PlanePosition/PlaneOrientation and ImagePositionPatient as the second dimension, as 3D Slicer/dcmqi
// write them. Everything copied from a source goes through the de-identifier when one is given.
import { MaskcueError } from '../../../common/api';
import { SopClass } from '../../../common/dicom/uids';
import type { ReportFinding, ReportInput } from '../types';
import { encodePart10, type NaturalDataset } from './dcmjs';
import type { Deidentifier } from './deidentify';
import { packBits } from './seg-bits';
import { segmentCodesFor, segmentsOf } from './segments';
import { frameGeometry, numberOfFrames, patientStudyModules, seriesUidOf, studyUidOf, type FrameGeometry } from './source-modules';
import { codeSeq, dicomDate, dicomTime, formatDS, newUid, type Code } from './values';

export interface SegWriteOptions {
  deidentifier?: Deidentifier;
  /** The SEG's own UIDs; new ones (2.25 root) when absent. Pass them to writeSr to reference this SEG. */
  SeriesInstanceUID?: string;
  SOPInstanceUID?: string;
  seriesNumber?: number;
  seriesDescription?: string;
  /** How the masks were made: SEMIAUTOMATIC (clicks + model, the default) or MANUAL (brush only). */
  algorithmType?: 'SEMIAUTOMATIC' | 'MANUAL';
  segmentCodes?: (label: string) => { category: Code; type: Code };
  now?: Date;
}

const SOURCE_IMAGE_FOR_PROCESSING: Code = { value: '121322', scheme: 'DCM', meaning: 'Source image for image processing operation' };
const SEGMENTATION_DERIVATION: Code = { value: '113076', scheme: 'DCM', meaning: 'Segmentation' };
// Dimension pointers (PS3.6 tags as numbers): what DimensionIndexValues index.
const TAG = {
  SegmentIdentificationSequence: 0x0062000a,
  ReferencedSegmentNumber: 0x0062000b,
  PlanePositionSequence: 0x00209113,
  ImagePositionPatient: 0x00200032,
  FrameContentSequence: 0x00209111,
  InStackPositionNumber: 0x00209057,
} as const;

interface SegFrame {
  segmentNumber: number;
  finding: ReportFinding;
  mask: Uint8Array;
  geometry: FrameGeometry;
}

/** One frame per (segment, source instance, source frame); masks of the same triple are merged (OR). */
function framesOf(input: ReportInput): SegFrame[] {
  const frames = new Map<string, SegFrame>();
  for (const finding of input.findings) {
    const key = `${finding.segmentNumber}|${finding.source.SOPInstanceUID}|${finding.frame}`;
    const existing = frames.get(key);
    if (existing) {
      for (let i = 0; i < finding.mask.length; i += 1) if (finding.mask[i]) existing.mask[i] = 1;
      continue;
    }
    const mask = new Uint8Array(finding.mask.length);
    for (let i = 0; i < mask.length; i += 1) mask[i] = finding.mask[i] ? 1 : 0;
    frames.set(key, { segmentNumber: finding.segmentNumber, finding, mask, geometry: frameGeometry(finding.source, finding.frame) });
  }
  return [...frames.values()].sort((a, b) => a.segmentNumber - b.segmentNumber);
}

function checkFindings(input: ReportInput): { rows: number; columns: number; studyUid: string } {
  const first = input.findings[0]!;
  const rows = first.height;
  const columns = first.width;
  const studyUid = studyUidOf(first.source);
  for (const f of input.findings) {
    if (f.width !== columns || f.height !== rows) {
      throw new MaskcueError('INVALID_ARGUMENT', `Findings are on images of different sizes (${columns}×${rows} and ${f.width}×${f.height}); one SEG has one frame size. Export these findings separately.`);
    }
    if (f.mask.length !== f.width * f.height) throw new MaskcueError('INVALID_ARGUMENT', `The mask of finding "${f.label}" has ${f.mask.length} pixels, not ${f.width}×${f.height}. Accept the segment again before exporting.`);
    const sourceRows = Number(f.source.dataset.Rows);
    const sourceColumns = Number(f.source.dataset.Columns);
    if (sourceRows !== f.height || sourceColumns !== f.width) {
      throw new MaskcueError('INVALID_ARGUMENT', `The mask of finding "${f.label}" is ${f.width}×${f.height} but its source image is ${sourceColumns}×${sourceRows}; a SEG must be on the source's pixel grid.`);
    }
    if (!Number.isInteger(f.frame) || f.frame < 0 || f.frame >= numberOfFrames(f.source)) {
      throw new MaskcueError('INVALID_ARGUMENT', `Finding "${f.label}" is on frame ${f.frame + 1}, but its source has ${numberOfFrames(f.source)} frame(s).`);
    }
    if (studyUidOf(f.source) !== studyUid) throw new MaskcueError('INVALID_ARGUMENT', 'Findings come from more than one study; export each study separately.');
  }
  return { rows, columns, studyUid };
}

const sameNumbers = (a: number[] | null, b: number[] | null, tolerance = 1e-4): boolean =>
  a !== null && b !== null && a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

function pixelMeasures(geometry: FrameGeometry): NaturalDataset | null {
  if (!geometry.pixelSpacing) return null;
  const item: NaturalDataset = { PixelSpacing: geometry.pixelSpacing.map(formatDS) };
  if (geometry.sliceThickness !== null) item.SliceThickness = formatDS(geometry.sliceThickness);
  return item;
}

export function writeSeg(input: ReportInput, options: SegWriteOptions = {}): Uint8Array {
  const segments = segmentsOf(input, options.segmentCodes ?? segmentCodesFor);
  const { rows, columns } = checkFindings(input);
  const deid = options.deidentifier;
  const uid = (value: string): string => (deid ? deid.uid(value) : value);
  const now = options.now ?? new Date();
  const frames = framesOf(input);
  for (const finding of input.findings) deid?.checkSource(finding.source);

  const first = input.findings[0]!.source;
  const copied = patientStudyModules(first);
  const patientStudy = deid ? { ...deid.dataset(copied), ...deid.markers() } : copied;

  // Geometry: positioned frames only when every frame is positioned, in one frame of reference.
  const positioned = frames.every((f) => f.geometry.position !== null);
  const frameOfReference = positioned ? frames[0]!.geometry.frameOfReferenceUID : null;
  const orientation = positioned && frames.every((f) => sameNumbers(f.geometry.orientation, frames[0]!.geometry.orientation)) ? frames[0]!.geometry.orientation : null;
  const measures = frames.map((f) => pixelMeasures(f.geometry));
  const sharedMeasures = measures.every((m) => m !== null && JSON.stringify(m) === JSON.stringify(measures[0])) ? measures[0]! : null;

  // Second dimension: position along the normal for positioned frames; otherwise a counter of the
  // frames within a segment, only when some segment spans more than one image.
  const dimensionUid = newUid();
  const dimensions: NaturalDataset[] = [
    { DimensionOrganizationUID: dimensionUid, DimensionIndexPointer: TAG.ReferencedSegmentNumber, FunctionalGroupPointer: TAG.SegmentIdentificationSequence, DimensionDescriptionLabel: 'ReferencedSegmentNumber' },
  ];
  const perSegment = new Map<number, number>();
  const secondIndex: number[] = [];
  if (positioned) {
    dimensions.push({ DimensionOrganizationUID: dimensionUid, DimensionIndexPointer: TAG.ImagePositionPatient, FunctionalGroupPointer: TAG.PlanePositionSequence, DimensionDescriptionLabel: 'ImagePositionPatient' });
    const o = frames[0]!.geometry.orientation!;
    const normal = [o[1]! * o[5]! - o[2]! * o[4]!, o[2]! * o[3]! - o[0]! * o[5]!, o[0]! * o[4]! - o[1]! * o[3]!];
    const along = (p: number[]) => p[0]! * normal[0]! + p[1]! * normal[1]! + p[2]! * normal[2]!;
    const distinct = [...new Set(frames.map((f) => along(f.geometry.position!).toFixed(4)))].map(Number).sort((a, b) => a - b);
    frames.sort((a, b) => a.segmentNumber - b.segmentNumber || along(a.geometry.position!) - along(b.geometry.position!));
    for (const f of frames) secondIndex.push(distinct.indexOf(Number(along(f.geometry.position!).toFixed(4))) + 1);
  } else {
    for (const f of frames) {
      const n = (perSegment.get(f.segmentNumber) ?? 0) + 1;
      perSegment.set(f.segmentNumber, n);
      secondIndex.push(n);
    }
  }
  const counted = !positioned && [...perSegment.values()].some((n) => n > 1);
  if (counted) dimensions.push({ DimensionOrganizationUID: dimensionUid, DimensionIndexPointer: TAG.InStackPositionNumber, FunctionalGroupPointer: TAG.FrameContentSequence, DimensionDescriptionLabel: 'FrameWithinSegment' });

  const perFrame = frames.map((f, i): NaturalDataset => {
    const source = f.finding.source;
    const sourceRef: NaturalDataset = {
      ReferencedSOPClassUID: source.SOPClassUID,
      ReferencedSOPInstanceUID: uid(source.SOPInstanceUID),
      PurposeOfReferenceCodeSequence: codeSeq(SOURCE_IMAGE_FOR_PROCESSING),
    };
    if (numberOfFrames(source) > 1) sourceRef.ReferencedFrameNumber = f.finding.frame + 1;
    const indexValues = [f.segmentNumber];
    if (positioned || counted) indexValues.push(secondIndex[i]!);
    const content: NaturalDataset = { DimensionIndexValues: indexValues };
    if (counted) {
      content.StackID = String(f.segmentNumber);
      content.InStackPositionNumber = secondIndex[i]!;
    }
    const item: NaturalDataset = {
      DerivationImageSequence: [{ SourceImageSequence: [sourceRef], DerivationCodeSequence: codeSeq(SEGMENTATION_DERIVATION) }],
      FrameContentSequence: [content],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: f.segmentNumber }],
    };
    if (positioned) item.PlanePositionSequence = [{ ImagePositionPatient: f.geometry.position!.map(formatDS) }];
    if (positioned && !orientation && f.geometry.orientation) item.PlaneOrientationSequence = [{ ImageOrientationPatient: f.geometry.orientation.map(formatDS) }];
    if (!sharedMeasures && measures[i]) item.PixelMeasuresSequence = [measures[i]!];
    return item;
  });
  const shared: NaturalDataset = {};
  if (sharedMeasures) shared.PixelMeasuresSequence = [sharedMeasures];
  if (orientation) shared.PlaneOrientationSequence = [{ ImageOrientationPatient: orientation.map(formatDS) }];

  // Common Instance Reference: every source, by series.
  const series = new Map<string, Map<string, string>>();
  for (const f of input.findings) {
    const seriesUid = uid(seriesUidOf(f.source));
    const instances = series.get(seriesUid) ?? new Map<string, string>();
    instances.set(uid(f.source.SOPInstanceUID), f.source.SOPClassUID);
    series.set(seriesUid, instances);
  }
  const referencedSeries = [...series].map(([SeriesInstanceUID, instances]) => ({
    SeriesInstanceUID,
    ReferencedInstanceSequence: [...instances].map(([ReferencedSOPInstanceUID, ReferencedSOPClassUID]) => ({ ReferencedSOPClassUID, ReferencedSOPInstanceUID })),
  }));

  const algorithmType = options.algorithmType ?? 'SEMIAUTOMATIC';
  const software = input.software;
  const SOPInstanceUID = options.SOPInstanceUID ?? newUid();
  const dataset: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: SopClass.SegmentationStorage,
    SOPInstanceUID,
    InstanceCreationDate: dicomDate(now),
    InstanceCreationTime: dicomTime(now),
    ContentDate: dicomDate(now),
    ContentTime: dicomTime(now),
    Modality: 'SEG',
    Manufacturer: software.name,
    ManufacturerModelName: software.name,
    DeviceSerialNumber: '1',
    SoftwareVersions: software.version,
    SeriesDescription: options.seriesDescription ?? `${software.name} segmentation`,
    ...patientStudy,
    StudyInstanceUID: uid(studyUidOf(first)),
    SeriesInstanceUID: options.SeriesInstanceUID ?? newUid(),
    SeriesNumber: options.seriesNumber ?? 901,
    InstanceNumber: 1,
    ReferencedSeriesSequence: referencedSeries,
    ContentLabel: 'MASKCUE',
    ContentDescription: 'Findings outlined in MaskCue',
    ContentCreatorName: deid || !input.signedBy ? null : [{ Alphabetic: input.signedBy }],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    SegmentSequence: segments.map((s) => ({
      SegmentNumber: s.segmentNumber,
      SegmentLabel: s.label.slice(0, 64),
      SegmentDescription: `${software.name} class: ${s.label}`.slice(0, 64),
      SegmentAlgorithmType: algorithmType,
      ...(algorithmType === 'MANUAL' ? {} : { SegmentAlgorithmName: software.name }),
      SegmentedPropertyCategoryCodeSequence: codeSeq(s.category),
      SegmentedPropertyTypeCodeSequence: codeSeq(s.type),
    })),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionUid }],
    DimensionIndexSequence: dimensions,
    NumberOfFrames: frames.length,
    SharedFunctionalGroupsSequence: [shared],
    PerFrameFunctionalGroupsSequence: perFrame,
    PixelData: [packBits(frames.map((f) => f.mask), rows * columns).buffer],
    _vrMap: { ...((patientStudy._vrMap as Record<string, string> | undefined) ?? {}), PixelData: 'OB' },
  };
  if (!positioned) {
    // General Image: type 2C when the image has no patient orientation/position (DX, US, SC).
    const patientOrientation = first.dataset.PatientOrientation;
    dataset.PatientOrientation = patientOrientation === undefined ? null : patientOrientation;
  }
  if (positioned && frameOfReference) {
    dataset.FrameOfReferenceUID = uid(frameOfReference);
    const indicator = first.dataset.PositionReferenceIndicator;
    dataset.PositionReferenceIndicator = typeof indicator === 'string' ? indicator : null;
  }
  return encodePart10(dataset);
}
