// Whole-file parse with dicom-parser (pixel data included: decoding needs it). Deflated datasets are
// inflated with node:zlib under a size cap, so a deflate bomb is refused instead of filling memory.
// Files without a Part 10 header are retried with the transfer syntax the caller knows (the import
// feature records one) or, failing that, one guessed from the first element's bytes.
import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import type * as DicomParserModule from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { DecodeError, describeThrown } from '../decode-error';
import { TransferSyntax } from '../transfer-syntaxes';

const require = createRequire(import.meta.url);
let parser: typeof DicomParserModule | null = null;
function dicomParser(): typeof DicomParserModule {
  parser ??= require('dicom-parser') as typeof DicomParserModule;
  return parser;
}

export interface ParsedFile {
  dataSet: DataSet;
  transferSyntaxUID: string;
  /** The bytes the data set's offsets refer to (the inflated copy for deflated files). */
  bytes: Uint8Array;
}

export interface ParseOptions {
  /** Used when the file has no Part 10 header (or to override a missing one). */
  transferSyntaxUID?: string;
  /** Cap on a deflated data set's inflated size. Default 2 GiB. */
  maxInflatedBytes?: number;
}

const DEFAULT_MAX_INFLATED = 2 * 1024 ** 3;

function inflater(maxBytes: number) {
  return (bytes: Uint8Array, position: number): Uint8Array => {
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(bytes.subarray(position), { maxOutputLength: maxBytes });
    } catch (e) {
      if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DecodeError('refused', `The deflated data set inflates to more than ${formatBytes(maxBytes)}; refused.`);
      }
      throw new DecodeError('corrupt', `The deflated data set could not be inflated: ${describeThrown(e)}.`);
    }
    const full = new Uint8Array(position + inflated.length);
    full.set(bytes.subarray(0, position), 0);
    full.set(inflated, position);
    return full;
  };
}

/**
 * For a bare data set: explicit VR if bytes 4..5 of the first element look like a VR, big endian if
 * its group number reads as a small big-endian value (0x0008 is 00 08 in big endian).
 */
function guessTransferSyntax(bytes: Uint8Array): string {
  const vr = String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0);
  if (!/^[A-Z]{2}$/.test(vr)) return TransferSyntax.ImplicitVRLittleEndian;
  return bytes[0] === 0 && (bytes[1] ?? 0) !== 0 ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian;
}

/** A file meta group (0002,xxxx) with no 128-byte preamble and 'DICM' (some writers omit them). */
function startsWithMetaGroup(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x02 && bytes[1] === 0x00 && /^[A-Z]{2}$/.test(String.fromCharCode(bytes[4]!, bytes[5]!));
}

function withPreamble(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 132);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(bytes, 132);
  return out;
}

function hasPart10Prefix(bytes: Uint8Array): boolean {
  return bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

export function parseDicomBytes(input: Uint8Array, options: ParseOptions = {}): ParsedFile {
  const maxInflated = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED;
  const bytes = !hasPart10Prefix(input) && startsWithMetaGroup(input) ? withPreamble(input) : input;
  const part10 = hasPart10Prefix(bytes);
  const fallbackSyntax = part10 ? undefined : (options.transferSyntaxUID ?? guessTransferSyntax(bytes));
  let dataSet: DataSet;
  try {
    dataSet = dicomParser().parseDicom(bytes, {
      inflater: inflater(maxInflated),
      ...(fallbackSyntax ? { TransferSyntaxUID: fallbackSyntax } : {}),
    });
  } catch (e) {
    const inner = e && typeof e === 'object' && 'exception' in e ? (e as { exception: unknown }).exception : e;
    if (inner instanceof DecodeError) throw inner;
    if (inner instanceof RangeError && /call stack/i.test(inner.message)) {
      throw new DecodeError('refused', 'The file nests sequences too deeply to read safely; refused (it is damaged or hostile).');
    }
    const message = describeThrown(inner);
    if (/buffer overrun|maxPosition|cannot be greater than or equal to/i.test(message)) {
      throw new DecodeError('corrupt', `The file ends before its last element does: it is truncated or damaged (${message}).`);
    }
    throw new DecodeError('corrupt', `The file could not be read as DICOM: ${message}.`);
  }
  const transferSyntaxUID = readTransferSyntax(dataSet) ?? fallbackSyntax ?? options.transferSyntaxUID;
  if (!transferSyntaxUID) {
    throw new DecodeError('corrupt', 'The file names no transfer syntax (0002,0010), so its pixel data cannot be interpreted.');
  }
  return { dataSet, transferSyntaxUID, bytes: dataSet.byteArray };
}

function readTransferSyntax(dataSet: DataSet): string | undefined {
  const element = dataSet.elements['x00020010'] as { Value?: string } | undefined;
  if (element?.Value) return element.Value.replace(/[\0 ]+$/, '');
  const value = dataSet.string('x00020010');
  return value ? value.replace(/\0+$/, '') : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
