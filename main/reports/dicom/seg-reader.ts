// Reads a DICOM Segmentation back to 0/1 masks tied to their source frames: ours (round trip) and
// other tools' (3D Slicer/dcmqi, highdicom, pydicom's test files), binary or fractional, frames
// packed across byte boundaries or not, native or in Deflated Image Frame Compression (each frame
// inflated on its own). Other encapsulated (RLE, JPEG 2000) SEGs are refused with what to do.
import { inflateRawSync } from 'node:zlib';
import { MaskcueError } from '../../../common/api';
import { decodePart10, type NaturalDataset } from './dcmjs';
import { unpackFrame } from './seg-bits';

export interface ReadSegFrame {
  segmentNumber: number;
  /** The source image the frame was derived from; '' when the SEG does not say (DerivationImageSequence absent). */
  SOPInstanceUID: string;
  /** 0-based frame of that source, as MaskCue counts (ReferencedFrameNumber − 1; 0 for single-frame sources). */
  frame: number;
  width: number;
  height: number;
  mask: Uint8Array;
}

export interface ReadSeg {
  segments: { segmentNumber: number; label: string }[];
  frames: ReadSegFrame[];
}

const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);
const ENCAPSULATED_UNCOMPRESSED = '1.2.840.10008.1.2.1.98';
const DEFLATED_FRAMES = '1.2.840.10008.1.2.8.1';

function first(value: unknown): NaturalDataset | undefined {
  if (Array.isArray(value)) return value[0] as NaturalDataset | undefined;
  return value && typeof value === 'object' ? (value as NaturalDataset) : undefined;
}

function pixelBytes(value: unknown): Uint8Array {
  const part = Array.isArray(value) ? value[0] : value;
  if (part instanceof ArrayBuffer) return new Uint8Array(part);
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  throw new MaskcueError('INVALID_ARGUMENT', 'The SEG has no Pixel Data. It is damaged; export it again from the tool that made it.');
}

export function readSeg(bytes: Uint8Array): ReadSeg {
  let meta: NaturalDataset;
  let ds: NaturalDataset;
  try {
    ({ meta, dataset: ds } = decodePart10(bytes));
  } catch (error) {
    throw new MaskcueError('INVALID_ARGUMENT', `Not a readable DICOM file (${(error as Error).message}).`);
  }
  if (ds.SOPClassUID !== SEGMENTATION_STORAGE) throw new MaskcueError('INVALID_ARGUMENT', `Not a DICOM Segmentation (SOP class ${String(ds.SOPClassUID)}).`);
  const syntax = String(meta.TransferSyntaxUID ?? '');
  const perFrameBytes = syntax === DEFLATED_FRAMES || syntax === ENCAPSULATED_UNCOMPRESSED;
  if (!NATIVE.has(syntax) && !perFrameBytes) {
    throw new MaskcueError('INVALID_ARGUMENT', `This SEG is compressed (transfer syntax ${syntax}); MaskCue reads uncompressed SEGs. Convert it first, e.g. \`dcmconv +te in.dcm out.dcm\` or \`gdcmconv --raw\`.`);
  }
  const type = String(ds.SegmentationType ?? '');
  const rows = Number(ds.Rows);
  const columns = Number(ds.Columns);
  const count = Number(ds.NumberOfFrames ?? 1);
  const bitsAllocated = Number(ds.BitsAllocated);
  if (type === 'BINARY' ? bitsAllocated !== 1 : type === 'FRACTIONAL' ? bitsAllocated !== 8 : true) {
    throw new MaskcueError('INVALID_ARGUMENT', `Unsupported SEG: SegmentationType ${type || '(none)'} with BitsAllocated ${bitsAllocated}; MaskCue reads BINARY (1 bit) and FRACTIONAL (8 bits).`);
  }
  const pixels = rows * columns;
  const fragments = perFrameBytes && Array.isArray(ds.PixelData) ? (ds.PixelData as unknown[]) : null;
  const frameBytes = (i: number): Uint8Array => {
    const fragment = pixelBytes([fragments![i]]);
    if (syntax === ENCAPSULATED_UNCOMPRESSED) return fragment;
    const needed = Math.ceil((pixels * bitsAllocated) / 8);
    try {
      const inflated = inflateRawSync(fragment, { maxOutputLength: needed + 16 });
      return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
    } catch (error) {
      throw new MaskcueError('INVALID_ARGUMENT', `SEG frame ${i + 1} could not be inflated (${(error as Error).message}); the file is damaged.`);
    }
  };
  if (fragments && fragments.length !== count) throw new MaskcueError('INVALID_ARGUMENT', `The SEG has ${fragments.length} compressed frames for ${count} frames; the file is damaged.`);
  let data = fragments ? new Uint8Array(0) : pixelBytes(ds.PixelData);
  if (syntax === '1.2.840.10008.1.2.2' && bitsAllocated === 1 && (ds._vrMap as Record<string, string> | undefined)?.PixelData === 'OW') {
    // Big endian OW: 1-bit data is packed in 16-bit words, so each byte pair comes swapped.
    const swapped = new Uint8Array(data.length);
    for (let i = 0; i + 1 < data.length; i += 2) {
      swapped[i] = data[i + 1]!;
      swapped[i + 1] = data[i]!;
    }
    data = swapped;
  }
  const maxFractional = Number(ds.MaximumFractionalValue ?? 255);

  const segments = (Array.isArray(ds.SegmentSequence) ? (ds.SegmentSequence as NaturalDataset[]) : []).map((s) => ({
    segmentNumber: Number(s.SegmentNumber),
    label: String(s.SegmentLabel ?? ''),
  }));
  const perFrame = Array.isArray(ds.PerFrameFunctionalGroupsSequence) ? (ds.PerFrameFunctionalGroupsSequence as NaturalDataset[]) : [];
  const shared = first(ds.SharedFunctionalGroupsSequence);
  const frames: ReadSegFrame[] = [];
  for (let i = 0; i < count; i += 1) {
    const groups = perFrame[i];
    const identification = first(groups?.SegmentIdentificationSequence) ?? first(shared?.SegmentIdentificationSequence);
    const segmentNumber = Number(identification?.ReferencedSegmentNumber ?? (segments.length === 1 ? segments[0]!.segmentNumber : NaN));
    if (!Number.isInteger(segmentNumber)) throw new MaskcueError('INVALID_ARGUMENT', `SEG frame ${i + 1} does not say which segment it belongs to.`);
    const derivation = first(groups?.DerivationImageSequence) ?? first(shared?.DerivationImageSequence);
    const sourceRef = first(derivation?.SourceImageSequence);
    const referencedFrame = Array.isArray(sourceRef?.ReferencedFrameNumber) ? sourceRef.ReferencedFrameNumber[0] : sourceRef?.ReferencedFrameNumber;
    let mask: Uint8Array;
    const own = fragments ? frameBytes(i) : null;
    if (bitsAllocated === 1) mask = own ? unpackFrame(own, 0, pixels) : unpackFrame(data, i, pixels);
    else {
      const start = own ? 0 : i * pixels;
      const source = own ?? data;
      if (start + pixels > source.length) throw new MaskcueError('INVALID_ARGUMENT', `The SEG's pixel data is too short for frame ${i + 1}.`);
      mask = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p += 1) mask[p] = source[start + p]! * 2 >= maxFractional ? 1 : 0;
    }
    frames.push({
      segmentNumber,
      SOPInstanceUID: typeof sourceRef?.ReferencedSOPInstanceUID === 'string' ? sourceRef.ReferencedSOPInstanceUID : '',
      frame: referencedFrame === undefined || referencedFrame === null ? 0 : Number(referencedFrame) - 1,
      width: columns,
      height: rows,
      mask,
    });
  }
  return { segments, frames };
}
