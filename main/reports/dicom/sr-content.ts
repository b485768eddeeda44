// SR content items (PS3.3 C.17.3) as dcmjs naturalized datasets, and the codes the TID 1500 report
// uses. Each builder returns one item of a ContentSequence.
import { createHash } from 'node:crypto';
import type { NaturalDataset } from './dcmjs';
import { codeSeq, formatDS, type Code } from './values';

export type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'INFERRED FROM';

export interface ImageRef {
  SOPClassUID: string;
  SOPInstanceUID: string;
  /** Only for multi-frame images. */
  frame?: number;
  /** Only for a segment of a SEG. */
  segmentNumber?: number;
}

const item = (rel: Relationship | null, valueType: string, concept: Code | null): NaturalDataset => {
  const out: NaturalDataset = { ValueType: valueType };
  if (rel) out.RelationshipType = rel;
  if (concept) out.ConceptNameCodeSequence = codeSeq(concept);
  return out;
};

export function container(rel: Relationship, concept: Code, children: NaturalDataset[], template?: string): NaturalDataset {
  const out = { ...item(rel, 'CONTAINER', concept), ContinuityOfContent: 'SEPARATE' } as NaturalDataset;
  if (template) out.ContentTemplateSequence = [{ MappingResource: 'DCMR', TemplateIdentifier: template }];
  if (children.length > 0) out.ContentSequence = children;
  return out;
}

export function code(rel: Relationship, concept: Code, value: Code, children: NaturalDataset[] = []): NaturalDataset {
  const out = { ...item(rel, 'CODE', concept), ConceptCodeSequence: codeSeq(value) } as NaturalDataset;
  if (children.length > 0) out.ContentSequence = children;
  return out;
}

export function text(rel: Relationship, concept: Code, value: string): NaturalDataset {
  return { ...item(rel, 'TEXT', concept), TextValue: value };
}

export function uidref(rel: Relationship, concept: Code, uid: string): NaturalDataset {
  return { ...item(rel, 'UIDREF', concept), UID: uid };
}

export function pname(rel: Relationship, concept: Code, name: string): NaturalDataset {
  return { ...item(rel, 'PNAME', concept), PersonName: [{ Alphabetic: name }] };
}

export function num(rel: Relationship, concept: Code, value: number, units: Code, children: NaturalDataset[] = []): NaturalDataset {
  const out = {
    ...item(rel, 'NUM', concept),
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: codeSeq(units), NumericValue: formatDS(value) }],
  } as NaturalDataset;
  if (children.length > 0) out.ContentSequence = children;
  return out;
}

export function image(rel: Relationship, concept: Code | null, ref: ImageRef): NaturalDataset {
  const sop: NaturalDataset = { ReferencedSOPClassUID: ref.SOPClassUID, ReferencedSOPInstanceUID: ref.SOPInstanceUID };
  if (ref.frame !== undefined) sop.ReferencedFrameNumber = ref.frame;
  if (ref.segmentNumber !== undefined) sop.ReferencedSegmentNumber = ref.segmentNumber;
  return { ...item(rel, 'IMAGE', concept), ReferencedSOPSequence: [sop] };
}

/** Concept names (DCM = DICOM PS3.16, SCT = SNOMED CT, UCUM units). */
export const C = {
  imagingMeasurementReport: { value: '126000', scheme: 'DCM', meaning: 'Imaging Measurement Report' },
  language: { value: '121049', scheme: 'DCM', meaning: 'Language of Content Item and Descendants' },
  english: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  observerType: { value: '121005', scheme: 'DCM', meaning: 'Observer Type' },
  device: { value: '121007', scheme: 'DCM', meaning: 'Device' },
  person: { value: '121006', scheme: 'DCM', meaning: 'Person' },
  personObserverName: { value: '121008', scheme: 'DCM', meaning: 'Person Observer Name' },
  deviceObserverUID: { value: '121012', scheme: 'DCM', meaning: 'Device Observer UID' },
  deviceObserverName: { value: '121013', scheme: 'DCM', meaning: 'Device Observer Name' },
  deviceObserverManufacturer: { value: '121014', scheme: 'DCM', meaning: 'Device Observer Manufacturer' },
  deviceObserverModelName: { value: '121015', scheme: 'DCM', meaning: 'Device Observer Model Name' },
  procedureReported: { value: '121058', scheme: 'DCM', meaning: 'Procedure reported' },
  imageLibrary: { value: '111028', scheme: 'DCM', meaning: 'Image Library' },
  imageLibraryGroup: { value: '126200', scheme: 'DCM', meaning: 'Image Library Group' },
  imagingMeasurements: { value: '126010', scheme: 'DCM', meaning: 'Imaging Measurements' },
  measurementGroup: { value: '125007', scheme: 'DCM', meaning: 'Measurement Group' },
  trackingIdentifier: { value: '112039', scheme: 'DCM', meaning: 'Tracking Identifier' },
  trackingUID: { value: '112040', scheme: 'DCM', meaning: 'Tracking Unique Identifier' },
  finding: { value: '121071', scheme: 'DCM', meaning: 'Finding' },
  referencedSegment: { value: '121191', scheme: 'DCM', meaning: 'Referenced Segment' },
  sourceImageForSegmentation: { value: '121233', scheme: 'DCM', meaning: 'Source image for segmentation' },
  area: { value: '42798000', scheme: 'SCT', meaning: 'Area' },
  squareMillimeter: { value: 'mm2', scheme: 'UCUM', meaning: 'square millimeter' },
  noUnits: { value: '1', scheme: 'UCUM', meaning: 'no units' },
  algorithmName: { value: '111001', scheme: 'DCM', meaning: 'Algorithm Name' },
  algorithmVersion: { value: '111003', scheme: 'DCM', meaning: 'Algorithm Version' },
  comment: { value: '121106', scheme: 'DCM', meaning: 'Comment' },
  qualitativeEvaluations: { value: 'C0034375', scheme: 'UMLS', meaning: 'Qualitative Evaluations' },
} as const satisfies Record<string, Code>;

/** The procedure a report is about, from the source modality (TID 1500 row 3, CID 100). */
export function procedureFor(modality: string): Code {
  switch (modality.toUpperCase()) {
    case 'CT':
      return { value: '77477000', scheme: 'SCT', meaning: 'CT' };
    case 'MR':
      return { value: '113091000', scheme: 'SCT', meaning: 'MRI' };
    case 'US':
      return { value: '16310003', scheme: 'SCT', meaning: 'Ultrasonography' };
    case 'DX':
    case 'CR':
    case 'MG':
      return { value: '363680008', scheme: 'SCT', meaning: 'Radiographic imaging procedure' };
    default:
      return { value: '363679005', scheme: 'SCT', meaning: 'Imaging procedure' };
  }
}

/**
 * MaskCue's classes are the radiologist's own names, with no standard code, so they are coded in a
 * private scheme (PS3.16 8.2: designators starting "99" are local), declared in the SR's Coding
 * Scheme Identification Sequence. Code values are short (SH, 16 chars) and stable per name.
 */
export const LOCAL_SCHEME = '99MASKCUE';

export function classCode(name: string): Code {
  const slug = name.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '') || 'CLASS';
  const value = slug.length <= 16 ? slug : `${slug.slice(0, 7)}-${createHash('sha1').update(name).digest('hex').slice(0, 8).toUpperCase()}`;
  return { value, scheme: LOCAL_SCHEME, meaning: name.slice(0, 64) };
}

export function probabilityConcept(name: string): Code {
  const c = classCode(name);
  const value = c.value.length <= 14 ? `P-${c.value}` : `P-${createHash('sha1').update(name).digest('hex').slice(0, 14).toUpperCase()}`;
  return { value, scheme: LOCAL_SCHEME, meaning: `Probability of ${name}`.slice(0, 64) };
}
