// What the SEG and SR copy from a source image: the Patient, General Study and Patient Study modules
// (the derived object belongs to the same patient and study, PS3.3 C.7.1.1 / C.7.2.1), and the
// geometry a SEG frame repeats (plane position and orientation, pixel measures). Everything copied
// goes through the de-identifier when one is given; see deidentify.ts.
import type { SourceInstance } from '../types';
import type { NaturalDataset } from './dcmjs';

/** Patient, Patient Study and General Study attributes, in the order of their modules. Type 2 first. */
const TYPE2_PATIENT_STUDY = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber'] as const;
const OPTIONAL_PATIENT_STUDY = [
  'IssuerOfPatientID',
  'IssuerOfPatientIDQualifiersSequence',
  'TypeOfPatientID',
  'PatientBirthTime',
  'OtherPatientIDsSequence',
  'OtherPatientNames',
  'EthnicGroup',
  'PatientComments',
  'PatientIdentityRemoved',
  'DeidentificationMethod',
  'DeidentificationMethodCodeSequence',
  'ClinicalTrialSponsorName',
  'ClinicalTrialProtocolID',
  'ClinicalTrialProtocolName',
  'ClinicalTrialSiteID',
  'ClinicalTrialSiteName',
  'ClinicalTrialSubjectID',
  'ClinicalTrialSubjectReadingID',
  'IssuerOfAccessionNumberSequence',
  'StudyDescription',
  'ProcedureCodeSequence',
  'PhysiciansOfRecord',
  'NameOfPhysiciansReadingStudy',
  'ReferencedStudySequence',
  'AdmittingDiagnosesDescription',
  'PatientAge',
  'PatientSize',
  'PatientWeight',
  'Occupation',
  'AdditionalPatientHistory',
  'PatientSexNeutered',
  'PatientSpeciesDescription',
  'PatientSpeciesCodeSequence',
  'PatientBreedDescription',
  'PatientBreedCodeSequence',
  'BreedRegistrationSequence',
  'ResponsiblePerson',
  'ResponsiblePersonRole',
  'ResponsibleOrganization',
] as const;

/** A deep copy of a naturalized value (plain data, arrays, binary); dcmjs accessors are not kept. */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof ArrayBuffer) return value.slice(0) as T;
  if (ArrayBuffer.isView(value)) return (value as unknown as Uint8Array).slice() as unknown as T;
  if (Array.isArray(value)) return Array.from(value, (item) => cloneValue(item)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = cloneValue(item);
  return out as T;
}

/** Patient/study attributes of the source: type 2 ones always present (empty when the source lacks them). */
export function patientStudyModules(source: SourceInstance): NaturalDataset {
  const ds = source.dataset;
  const out: NaturalDataset = {};
  const vrMap: Record<string, string> = {};
  const sourceVrMap = (ds._vrMap ?? {}) as Record<string, string>;
  for (const keyword of TYPE2_PATIENT_STUDY) out[keyword] = ds[keyword] === undefined ? null : cloneValue(ds[keyword]);
  for (const keyword of OPTIONAL_PATIENT_STUDY) {
    if (ds[keyword] !== undefined) out[keyword] = cloneValue(ds[keyword]);
  }
  for (const keyword of Object.keys(out)) if (sourceVrMap[keyword]) vrMap[keyword] = sourceVrMap[keyword]!;
  out.StudyInstanceUID = source.dataset.StudyInstanceUID;
  if (Object.keys(vrMap).length > 0) out._vrMap = vrMap;
  return out;
}

export function seriesUidOf(source: SourceInstance): string {
  const uid = source.dataset.SeriesInstanceUID;
  if (typeof uid !== 'string' || uid === '') throw new Error(`source ${source.path} has no SeriesInstanceUID`);
  return uid;
}

export function studyUidOf(source: SourceInstance): string {
  const uid = source.dataset.StudyInstanceUID;
  if (typeof uid !== 'string' || uid === '') throw new Error(`source ${source.path} has no StudyInstanceUID`);
  return uid;
}

export interface FrameGeometry {
  /** ImagePositionPatient of the frame, when the source has patient geometry. */
  position: number[] | null;
  orientation: number[] | null;
  /** PixelSpacing [row, column] in mm (the patient-plane spacing, not ImagerPixelSpacing). */
  pixelSpacing: number[] | null;
  sliceThickness: number | null;
  frameOfReferenceUID: string | null;
}

function numbers(value: unknown, length: number): number[] | null {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const out = list.map((v) => (typeof v === 'number' ? v : Number(v)));
  return out.length === length && out.every((v) => Number.isFinite(v)) ? out : null;
}

function firstItem(value: unknown): NaturalDataset | undefined {
  if (Array.isArray(value)) return value[0] as NaturalDataset | undefined;
  return value && typeof value === 'object' ? (value as NaturalDataset) : undefined;
}

/** Frame geometry (frame 0-based) from the classic attributes or, for enhanced multi-frame sources, the functional groups. */
export function frameGeometry(source: SourceInstance, frame: number): FrameGeometry {
  const ds = source.dataset;
  const shared = firstItem(ds.SharedFunctionalGroupsSequence);
  const perFrame = Array.isArray(ds.PerFrameFunctionalGroupsSequence) ? (ds.PerFrameFunctionalGroupsSequence[frame] as NaturalDataset | undefined) : undefined;
  const group = (name: string): NaturalDataset | undefined => firstItem(perFrame?.[name]) ?? firstItem(shared?.[name]);
  const position = numbers(group('PlanePositionSequence')?.ImagePositionPatient, 3) ?? numbers(ds.ImagePositionPatient, 3);
  const orientation = numbers(group('PlaneOrientationSequence')?.ImageOrientationPatient, 6) ?? numbers(ds.ImageOrientationPatient, 6);
  const measures = group('PixelMeasuresSequence');
  const pixelSpacing = numbers(measures?.PixelSpacing, 2) ?? numbers(ds.PixelSpacing, 2);
  const thickness = numbers(measures?.SliceThickness, 1) ?? numbers(ds.SliceThickness, 1);
  const frameOfReferenceUID = typeof ds.FrameOfReferenceUID === 'string' && ds.FrameOfReferenceUID !== '' ? ds.FrameOfReferenceUID : null;
  return {
    position: position && orientation ? position : null,
    orientation: position && orientation ? orientation : null,
    pixelSpacing,
    sliceThickness: thickness ? thickness[0]! : null,
    frameOfReferenceUID,
  };
}

/** Frames in the source (1 for single-frame images). */
export function numberOfFrames(source: SourceInstance): number {
  const n = Number(source.dataset.NumberOfFrames ?? 1);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
