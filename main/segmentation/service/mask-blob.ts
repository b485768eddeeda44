// An accepted mask on disk: its width × height bytes (0 or 1, row-major) deflated with zlib, whose
// Adler-32 trailer catches a damaged file. Width and height live in the segments row. A 512² mask of a
// lesion is a few hundred bytes.

import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import { MaskcueError } from '../../../common/api';
import type { BinaryMask } from '../../../common/domain';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

export function maskBlobPath(id: string): string {
  return `masks/${id}.mask`;
}

/** INVALID_ARGUMENT unless every byte is 0 or 1; returns the number of 1s. */
export function checkBinary(mask: BinaryMask): number {
  let area = 0;
  const { data } = mask;
  for (let i = 0; i < data.length; i += 1) {
    const v = data[i]!;
    if (v > 1) throw new MaskcueError('INVALID_ARGUMENT', `The mask must hold 0 or 1 per pixel; pixel ${i} is ${v}.`);
    area += v;
  }
  return area;
}

export async function encodeMask(mask: BinaryMask): Promise<Buffer> {
  return deflateAsync(mask.data, { level: 6 });
}

export async function decodeMask(bytes: Uint8Array, width: number, height: number, what: string): Promise<BinaryMask> {
  let data: Buffer;
  try {
    data = await inflateAsync(bytes);
  } catch (e) {
    throw new MaskcueError('WORKSPACE_CORRUPT', `The mask file of ${what} is damaged (${e instanceof Error ? e.message : String(e)}). Remove the segment and outline it again.`);
  }
  if (data.length !== width * height) {
    throw new MaskcueError('WORKSPACE_CORRUPT', `The mask file of ${what} holds ${data.length} pixels, not ${width} × ${height}. Remove the segment and outline it again.`);
  }
  // A copy: zlib's small results share Node's buffer pool, which must not travel to the renderer.
  return { width, height, data: Uint8Array.from(data) };
}
