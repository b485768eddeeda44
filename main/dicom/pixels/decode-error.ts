// Why a frame could not be decoded, in words for the person at the workstation. `kind` lets callers
// (the service, the CLI, the conformance test) tell a file we refuse on purpose from one we cannot read.
import { MaskcueError } from '../../../common/api';

export type DecodeFailure =
  /** A transfer syntax or pixel layout we have no codec for. */
  | 'unsupported'
  /** The file claims something we will not do (an absurd size): refused before allocating. */
  | 'refused'
  /** The file or its pixel data is damaged or truncated. */
  | 'corrupt'
  /** No pixel data, or no such frame. */
  | 'not-found';

export class DecodeError extends Error {
  readonly kind: DecodeFailure;
  constructor(kind: DecodeFailure, message: string) {
    super(message);
    this.name = 'DecodeError';
    this.kind = kind;
  }
}

export function isDecodeFailure(value: unknown): value is DecodeFailure {
  return value === 'unsupported' || value === 'refused' || value === 'corrupt' || value === 'not-found';
}

/** What crosses the IPC boundary: the contract's error codes have no decode-specific one yet. */
export function toMaskcueError(error: unknown): MaskcueError {
  if (error instanceof MaskcueError) return error;
  if (error instanceof DecodeError) {
    return new MaskcueError(error.kind === 'not-found' ? 'NOT_FOUND' : error.kind === 'unsupported' ? 'INVALID_ARGUMENT' : 'INTERNAL', error.message);
  }
  return new MaskcueError('INTERNAL', `Decoding failed: ${describeThrown(error)}`);
}

/** dicom-parser and the Emscripten codecs throw strings, numbers and plain objects as well as Errors. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'exception' in error) return describeThrown((error as { exception: unknown }).exception);
  return String(error);
}
