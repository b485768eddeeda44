// De-identification of what the SEG/SR writers copy from source images: PS3.15 Annex E, Basic
// Application Level Confidentiality Profile (Table E.1-1, in deidentify-table.ts), with every UID
// remapped consistently across all files of one export.
//
// Why not dcmjs's `anonymizer`: it only empties a fixed list of names (no remove/dummy/UID actions,
// several names in it are not dictionary keywords, e.g. "RefStudySeq", so those rows never fire), it
// neither remaps UIDs nor removes private tags, and it mutates a denaturalized dict in place. So the
// table is ours, applied to dcmjs naturalized datasets.
//
// One deidentifier per export: it holds the UID map, so the SEG, the SR and their references to each
// other and to the sources agree. UIDs are remapped by hashing (secret + original): deterministic
// within a deidentifier; pass the same `uidSecret` to get the same mapping across exports.
import { createHash, randomBytes } from 'node:crypto';
import type { SourceInstance } from '../types';
import { dcmjs, type NaturalDataset } from './dcmjs';
import { BASIC_PROFILE, type BasicAction } from './deidentify-table';
import { cloneValue } from './source-modules';
import { codeSeq, uidFromHex } from './values';

export type Action = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';

export interface DeidentifierOptions {
  /** Mixed into every remapped UID; the same secret maps the same UID the same way. Default: random. */
  uidSecret?: string;
  /** Keywords to keep unchanged (an option such as Retain Device Identity, decided by the caller). */
  keep?: readonly string[];
  /** Keywords to clean (C): text kept unless it contains an identifying value removed elsewhere. */
  clean?: readonly string[];
}

export interface Deidentifier {
  /** A de-identified deep copy of a naturalized dataset (the input is left as it was). */
  dataset(input: NaturalDataset): NaturalDataset;
  /** The consistent replacement for one UID (well-known DICOM UIDs are returned unchanged). */
  uid(uid: string): string;
  /** Notes a source's Burned In Annotation; SEG/SR never copy source pixels, other exporters must. */
  checkSource(source: SourceInstance): void;
  /** Attributes that say the object was de-identified, and how (PS3.15 E.1.1). */
  markers(): NaturalDataset;
  /** Remapped SOP Instance UIDs of sources whose pixels may carry burned-in identifying text. */
  readonly burnedInAnnotation: readonly string[];
  /** The action the profile takes on a keyword in our target IODs (for tests and the report's notes). */
  actionFor(keyword: string): Action;
}

/** LO: at most 64 characters. */
export const DEIDENTIFICATION_METHOD = 'PS3.15 E.1 Basic Application Confidentiality Profile (MaskCue)';
export const BASIC_PROFILE_CODE = { value: '113100', scheme: 'DCM', meaning: 'Basic Application Confidentiality Profile' } as const;

// Attributes our outputs (Segmentation, Comprehensive SR) need, by type, to resolve combined codes.
const TYPE1 = new Set(['ContentDate', 'ContentTime', 'DeviceSerialNumber', 'Manufacturer', 'ManufacturerModelName', 'SoftwareVersions']);
const TYPE2 = new Set([
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
  'ContentCreatorName',
  'ReferencedPerformedProcedureStepSequence',
  'PerformedProcedureCodeSequence',
]);

// UIDs that name a kind of thing (SOP classes, transfer syntaxes, coding schemes), not an instance.
const CLASS_UIDS = new Set([
  'SOPClassUID',
  'ReferencedSOPClassUID',
  'MediaStorageSOPClassUID',
  'TransferSyntaxUID',
  'ReferencedSOPClassUIDInFile',
  'ReferencedTransferSyntaxUIDInFile',
  'ReferencedRelatedGeneralSOPClassUIDInFile',
  'RelatedGeneralSOPClassUID',
  'OriginalSpecializedSOPClassUID',
  'SOPClassesInStudy',
  'ImplementationClassUID',
  'CodingSchemeUID',
  'ContextUID',
  'MappingResourceUID',
  'ContextGroupExtensionCreatorUID',
  'PrivateInformationCreatorUID',
]);

function resolve(keyword: string, action: BasicAction): Action {
  switch (action) {
    case 'X/Z':
      return TYPE2.has(keyword) ? 'Z' : 'X';
    case 'X/D':
      return TYPE1.has(keyword) ? 'D' : 'X';
    case 'Z/D':
      return TYPE1.has(keyword) ? 'D' : 'Z';
    case 'X/Z/D':
      return TYPE1.has(keyword) ? 'D' : TYPE2.has(keyword) ? 'Z' : 'X';
    case 'X/Z/U*':
      // Kept only where our IOD needs the sequence; then its UIDs are remapped (K recurses).
      return TYPE1.has(keyword) || TYPE2.has(keyword) ? 'K' : 'X';
    default:
      return action;
  }
}

/** Keyword → (tag as 8 hex digits, VR), from dcmjs's dictionary. */
function entryOf(keyword: string): { tag: string; vr: string } | undefined {
  const entry = dcmjs.data.DicomMetaDictionary.nameMap[keyword];
  if (!entry) return undefined;
  return { tag: entry.tag.replace(/[(),]/g, '').toUpperCase(), vr: entry.vr };
}

function isRepeatingGroupToRemove(tag: string): boolean {
  // Curve data (50xx,xxxx) and overlay data/comments (60xx,3000 / 60xx,4000): X in the profile.
  return tag.startsWith('50') || (tag.startsWith('60') && (tag.endsWith('3000') || tag.endsWith('4000')));
}

function dummyFor(vr: string): unknown {
  switch (vr) {
    case 'PN':
      return [{ Alphabetic: 'ANONYMIZED' }];
    case 'DA':
      return '19000101';
    case 'TM':
      return '000000';
    case 'DT':
      return '19000101000000';
    case 'AS':
      return '000Y';
    case 'DS':
    case 'IS':
      return 0;
    case 'CS':
    case 'AE':
      return 'ANONYMIZED';
    default:
      return 'ANONYMIZED';
  }
}

/** All string content of a value (PN components included), for the clean action's checks. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => textsOf(v, out));
  else if (value && typeof value === 'object' && !(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) Object.values(value).forEach((v) => textsOf(v, out));
  return out;
}

export function createDeidentifier(options: DeidentifierOptions = {}): Deidentifier {
  const secret = options.uidSecret ?? randomBytes(32).toString('hex');
  const keep = new Set(options.keep ?? []);
  const clean = new Set(options.clean ?? []);
  const uids = new Map<string, string>();
  const burnedIn: string[] = [];
  /** Identifying strings removed so far (names, IDs): what 'C' checks kept text against. */
  const identifying = new Set<string>();

  const remap = (uid: string): string => {
    if (uid.startsWith('1.2.840.10008.')) return uid;
    let mapped = uids.get(uid);
    if (!mapped) {
      mapped = uidFromHex(createHash('sha256').update(secret).update('\0').update(uid).digest('hex'));
      uids.set(uid, mapped);
    }
    return mapped;
  };
  const remapValue = (value: unknown): unknown => {
    if (typeof value === 'string') return value === '' ? value : remap(value);
    if (Array.isArray(value)) return value.map(remapValue);
    return value;
  };

  const actionFor = (keyword: string): Action => {
    if (keep.has(keyword)) return 'K';
    if (clean.has(keyword)) return 'C';
    const entry = entryOf(keyword);
    if (!entry) return 'X';
    if (isRepeatingGroupToRemove(entry.tag)) return 'X';
    const listed = BASIC_PROFILE.get(entry.tag);
    if (listed) return resolve(keyword, listed);
    if (entry.vr === 'UI' && !CLASS_UIDS.has(keyword)) return 'U';
    return 'K';
  };

  const walk = (input: NaturalDataset): NaturalDataset => {
    const out: NaturalDataset = {};
    const vrMap: Record<string, string> = {};
    const sourceVrMap = (input._vrMap ?? {}) as Record<string, string>;
    // Collect identifying text first, so 'C' can check against values from anywhere in the dataset.
    for (const [keyword, value] of Object.entries(input)) {
      if (keyword === '_vrMap' || keyword === '_meta') continue;
      const action = actionFor(keyword);
      const vr = entryOf(keyword)?.vr;
      if ((action === 'X' || action === 'Z' || action === 'D') && vr !== 'SQ') {
        for (const text of textsOf(value)) {
          for (const part of text.split(/[\^=\\ ]+/)) if (part.trim().length >= 3) identifying.add(part.trim().toLowerCase());
        }
      }
    }
    for (const [keyword, value] of Object.entries(input)) {
      if (keyword === '_vrMap' || keyword === '_meta') continue;
      const entry = entryOf(keyword);
      // Private attributes (odd groups) and anything the dictionary does not know: removed.
      if (!entry || /^[0-9A-F]{8}$/i.test(keyword) || parseInt(entry.tag.slice(0, 4), 16) % 2 === 1) continue;
      const action = actionFor(keyword);
      const isSequence = entry.vr === 'SQ';
      let next: unknown;
      switch (action) {
        case 'X':
          continue;
        case 'Z':
          next = isSequence ? [] : null;
          break;
        case 'D':
          next = isSequence ? (Array.isArray(value) ? value.map((item) => walk(item as NaturalDataset)) : []) : entry.vr === 'UI' ? remapValue(value) : dummyFor(entry.vr);
          break;
        case 'U':
          next = remapValue(value);
          break;
        case 'C': {
          const texts = textsOf(value).join(' ').toLowerCase();
          const leaks = [...identifying].some((id) => texts.includes(id));
          next = leaks ? (isSequence ? [] : null) : cloneValue(value);
          break;
        }
        case 'K':
          next = isSequence ? (Array.isArray(value) ? value.map((item) => walk(item as NaturalDataset)) : value) : cloneValue(value);
          break;
      }
      out[keyword] = next;
      if (sourceVrMap[keyword]) vrMap[keyword] = sourceVrMap[keyword]!;
    }
    if (Object.keys(vrMap).length > 0) out._vrMap = vrMap;
    return out;
  };

  return {
    dataset: walk,
    uid: remap,
    actionFor,
    checkSource(source) {
      const flag = source.dataset.BurnedInAnnotation;
      if (typeof flag === 'string' && flag.toUpperCase() === 'YES') {
        const uid = remap(source.SOPInstanceUID);
        if (!burnedIn.includes(uid)) burnedIn.push(uid);
      }
    },
    markers() {
      return {
        PatientIdentityRemoved: 'YES',
        DeidentificationMethod: DEIDENTIFICATION_METHOD,
        DeidentificationMethodCodeSequence: codeSeq(BASIC_PROFILE_CODE),
      };
    },
    get burnedInAnnotation() {
      return burnedIn;
    },
  };
}
