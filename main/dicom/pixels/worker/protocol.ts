// Messages between main's decode pool and its worker threads. Plain data (structured clone); the
// reply's pixel buffer is transferred, not copied.
import type { DecodedFrame } from '../../../../common/dicom';
import type { DecodeFailure } from '../decode-error';
import type { SizeLimits } from '../size-guard';

export interface DecodeRequest {
  type: 'decode';
  id: number;
  path: string;
  /** From the index: used when the file itself names none (no Part 10 header). */
  transferSyntaxUID: string;
  frame: number;
}

export interface WorkerSettings {
  limits: SizeLimits;
  /** Bytes of parsed files a worker keeps open (a multi-frame file is parsed once). */
  openFileBytes: number;
}

export type WorkerRequest = DecodeRequest | { type: 'forget'; path: string };

export type DecodeReply =
  | { type: 'decoded'; id: number; frame: DecodedFrame }
  | { type: 'failed'; id: number; kind: DecodeFailure | 'internal'; message: string };

export function isDecodeReply(value: unknown): value is DecodeReply {
  if (!value || typeof value !== 'object') return false;
  const v = value as { type?: unknown; id?: unknown };
  return (v.type === 'decoded' || v.type === 'failed') && typeof v.id === 'number';
}
