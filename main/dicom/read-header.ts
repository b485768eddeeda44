// Header-only read: everything before Pixel Data, reading no more of the file than that. We read
// the first 64 KiB, parse up to (7FE0,0010), and read 4× more only when the header did not fit, so a
// 2 GB multi-frame file costs one small read. dicom-parser runs synchronously; the caller yields to
// the event loop between files.
import zlib from 'node:zlib';
import { TransferSyntax, transferSyntaxName } from '../../common/dicom/uids';
import { lookupTag } from './dictionary';
import { dicomParser, isStackOverflow, parserMessage, type DataSet } from './dicom-parser';
import type { ByteSource } from './file-source';
import * as reasons from './reasons';
import { sniff, SNIFF_BYTES } from './sniff';

export const PIXEL_DATA = 'x7fe00010';

/** A file that cannot be imported, with the reason to show. */
export class ScanFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ScanFailure';
  }
}

export interface ParsedHeader {
  /** Part 10 files have a meta header; bare data sets do not. For deflated files it is its own DataSet. */
  meta: DataSet | null;
  /** The data set up to Pixel Data. Its byteArray is the file's head, or the inflated data set. */
  body: DataSet;
  transferSyntaxUID: string;
  /** True when body offsets refer to inflated bytes, not to the file. */
  deflated: boolean;
  /** How many bytes of the file were read. */
  bytesRead: number;
  fileSize: number;
}

export interface ReadHeaderOptions {
  initialBytes?: number;
  /** Refuse headers larger than this (default 256 MiB). */
  maxHeaderBytes?: number;
  /** Stop at Pixel Data (default). DICOMDIRs and the tag browser of non-images read everything anyway. */
  untilPixelData?: boolean;
}

const INITIAL_BYTES = 64 * 1024;
const MAX_HEADER_BYTES = 256 * 1024 * 1024;
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

// Implicit-VR data sets carry no VRs; telling dicom-parser which tags are sequences beats its guess
// (peeking for an item tag). Unknown tags stay undefined so the guess still applies to them.
const vrCallback = (tag: string): string | undefined => {
  const vr = lookupTag(tag.slice(1))?.vr;
  return vr === '--' ? undefined : vr;
};

export async function readHeader(source: ByteSource, options: ReadHeaderOptions = {}): Promise<ParsedHeader> {
  const size = source.size;
  if (size === 0) throw new ScanFailure(reasons.EMPTY_FILE);
  const maxHeader = options.maxHeaderBytes ?? MAX_HEADER_BYTES;
  const untilTag = options.untilPixelData === false ? undefined : PIXEL_DATA;
  let length = Math.min(size, Math.max(options.initialBytes ?? INITIAL_BYTES, SNIFF_BYTES));
  for (;;) {
    const head = await source.read(0, length);
    if (head.length < length) throw new ScanFailure(reasons.unreadable('ENOENT', 'the file got shorter while it was read'));
    const complete = head.length >= size;
    const kind = sniff(head, size);
    if (kind.kind === 'gzip') throw new ScanFailure(reasons.GZIP);
    if (kind.kind === 'not-dicom') throw new ScanFailure(reasons.NOT_DICOM);
    if (kind.kind === 'misaligned') throw new ScanFailure(reasons.strayBytes(kind.offset));
    try {
      const parsed =
        kind.kind === 'part10'
          ? parsePart10(head, untilTag)
          : kind.kind === 'meta-without-preamble'
            ? parseMetaWithoutPreamble(head, untilTag)
            : parseBare(head, kind.transferSyntaxUID, untilTag);
      if (complete || parsed.body.elements[PIXEL_DATA]) return { ...parsed, bytesRead: head.length, fileSize: size };
    } catch (thrown) {
      if (thrown instanceof ScanFailure) throw thrown;
      if (isStackOverflow(thrown)) throw new ScanFailure(reasons.NESTED_TOO_DEEP);
      if (complete) throw new ScanFailure(reasons.headerDamaged(describe(thrown), size));
      // Otherwise the header probably just ran past what we read: read more and parse again.
    }
    if (length >= maxHeader) throw new ScanFailure(reasons.headerTooLarge(maxHeader));
    length = Math.min(size, maxHeader, length * 4);
  }
}

type Parsed = Omit<ParsedHeader, 'bytesRead' | 'fileSize'>;

function parsePart10(head: Uint8Array, untilTag: string | undefined): Parsed {
  const meta = dicomParser.readPart10Header(head);
  const transferSyntaxUID = meta.string('x00020010')?.replace(/\0/g, '').trim() ?? '';
  if (!transferSyntaxUID) throw new ScanFailure(reasons.MISSING_TRANSFER_SYNTAX);
  if (transferSyntaxUID === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    const position = (meta as DataSet & { position: number }).position;
    const inflated = inflate(head.subarray(position));
    // The inflated bytes are a bare Explicit VR Little Endian data set.
    const body = withoutInjected(dicomParser.parseDicom(inflated, { TransferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, untilTag, vrCallback }));
    return { meta, body, transferSyntaxUID, deflated: true };
  }
  const body = dicomParser.parseDicom(head, { untilTag, vrCallback });
  return { meta: body, body, transferSyntaxUID, deflated: false };
}

function parseBare(head: Uint8Array, transferSyntaxUID: string, untilTag: string | undefined): Parsed {
  const body = withoutInjected(dicomParser.parseDicom(head, { TransferSyntaxUID: transferSyntaxUID, untilTag, vrCallback }));
  return { meta: null, body, transferSyntaxUID, deflated: false };
}

// Group 0002 is always Explicit VR Little Endian, so such a file reads as one bare Explicit VR LE
// data set from byte 0 when its data set is encoded that way too (every compressed syntax is).
const NOT_EXPLICIT_LE = new Set<string>([
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
]);

function parseMetaWithoutPreamble(head: Uint8Array, untilTag: string | undefined): Parsed {
  // The meta group read as dicom-parser expects it: behind a preamble and "DICM" of our own.
  const framed = new Uint8Array(132 + head.length);
  framed.set([0x44, 0x49, 0x43, 0x4d], 128);
  framed.set(head, 132);
  const meta = dicomParser.readPart10Header(framed);
  const transferSyntaxUID = meta.string('x00020010')?.replace(/\0/g, '').trim() ?? '';
  if (!transferSyntaxUID) throw new ScanFailure(reasons.MISSING_TRANSFER_SYNTAX);
  if (NOT_EXPLICIT_LE.has(transferSyntaxUID)) throw new ScanFailure(reasons.metaWithoutPreamble(transferSyntaxName(transferSyntaxUID)));
  const body = withoutInjected(dicomParser.parseDicom(head, { TransferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, untilTag, vrCallback }));
  return { meta, body, transferSyntaxUID, deflated: false };
}

/**
 * Given a transfer syntax for a file without "DICM", dicom-parser adds a (0002,0010) element that
 * is not in the file (a value, no offset), over any real one. It would show as a tag the file
 * does not have; drop it.
 */
function withoutInjected(dataSet: DataSet): DataSet {
  const injected = dataSet.elements.x00020010;
  if (injected && injected.dataOffset === undefined) delete dataSet.elements.x00020010;
  return dataSet;
}

function inflate(deflated: Uint8Array): Uint8Array {
  try {
    // SYNC_FLUSH: a head that cuts the stream short yields what it holds instead of an error.
    return zlib.inflateRawSync(deflated, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RangeError) {
      throw new ScanFailure(reasons.inflateFailed(`it unpacks to more than ${reasons.formatBytes(MAX_INFLATED_BYTES)}`));
    }
    throw new ScanFailure(reasons.inflateFailed(message));
  }
}

/** The parser's complaint, in words. */
export function describe(thrown: unknown): string {
  const message = parserMessage(thrown);
  // dicom-parser's words for "a length points past the end of the bytes it belongs to".
  if (/buffer overrun|past end|maxP ?osition|eof encountered|beyond|cannot be greater than or equal to/i.test(message)) {
    return "an element's length runs past the end of the file or of its sequence";
  }
  return message.replace(/^dicomParser[.:]?\w*:\s*/i, '');
}
