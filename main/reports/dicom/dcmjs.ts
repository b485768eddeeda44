// The slice of dcmjs the DICOM exports use, typed. dcmjs ships no type declarations and is CommonJS
// (its ESM named exports are not reliable under plain Node), so it is loaded with createRequire, as
// tests/fixtures/dicom/generate-series.ts does. All encoding goes through dcmjs: we build naturalized
// datasets (DICOM keywords as property names) and let denaturalizeDataset + DicomDict.write encode.
import { createRequire } from 'node:module';

/** A dcmjs "naturalized" dataset: keywords as keys, sequences as arrays of datasets. */
export type NaturalDataset = Record<string, unknown>;

interface DcmjsElement {
  vr: string;
  Value?: unknown[];
}

export interface DcmjsDict {
  meta: Record<string, DcmjsElement>;
  dict: Record<string, DcmjsElement>;
  write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
}

interface Dcmjs {
  log: { setLevel(level: string): void };
  data: {
    DicomDict: new (meta: Record<string, DcmjsElement>) => DcmjsDict;
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string | null; includeUntilTagValue?: boolean }): DcmjsDict;
    };
    DicomMetaDictionary: {
      naturalizeDataset(dict: Record<string, unknown>): NaturalDataset;
      denaturalizeDataset(dataset: NaturalDataset): Record<string, DcmjsElement>;
      nameMap: Record<string, { tag: string; vr: string; name: string; version?: string } | undefined>;
    };
  };
}

export const dcmjs = createRequire(import.meta.url)('dcmjs') as Dcmjs;
dcmjs.log.setLevel('error');

const ExplicitVRLittleEndian = '1.2.840.10008.1.2.1';
/** Our implementation identity in the file meta (PS3.7 D.3.3.2: a UID of our own, fixed per release). */
export const IMPLEMENTATION_CLASS_UID = '2.25.156035229322279440623354052882681559067';
export const IMPLEMENTATION_VERSION_NAME = 'MASKCUE_010';

/** The VR dcmjs's dictionary gives a keyword ('SQ', 'UI', ...), or undefined for unknown names. */
export function vrOf(keyword: string): string | undefined {
  return dcmjs.data.DicomMetaDictionary.nameMap[keyword]?.vr;
}

export function isKnownKeyword(keyword: string): boolean {
  return dcmjs.data.DicomMetaDictionary.nameMap[keyword] !== undefined;
}

/** Encodes a naturalized dataset as a Part 10 file in explicit VR little endian. */
export function encodePart10(dataset: NaturalDataset): Uint8Array {
  const sopClass = dataset.SOPClassUID;
  const sopInstance = dataset.SOPInstanceUID;
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string') throw new Error('encodePart10: SOPClassUID and SOPInstanceUID are required');
  const file = new dcmjs.data.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClass] },
    '00020003': { vr: 'UI', Value: [sopInstance] },
    '00020010': { vr: 'UI', Value: [ExplicitVRLittleEndian] },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
  });
  file.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

/** Reads a Part 10 file; `headerOnly` stops before Pixel Data. */
export function decodePart10(bytes: Uint8Array, headerOnly = false): { meta: NaturalDataset; dataset: NaturalDataset } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = dcmjs.data.DicomMessage.readFile(buffer, headerOnly ? { untilTag: '7FE00010', includeUntilTagValue: false } : undefined);
  return {
    meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.meta),
    dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict),
  };
}
