// An image file for the segment command (and tests): DICOM through MaskCue's own decoder
// (main/dicom/pixels, every transfer syntax it knows) windowed to 8-bit, or a PNG/JPEG as it is.

import { readFile } from 'node:fs/promises';
import { MaskcueError } from '../../../common/api';
import { toMaskcueError } from '../../dicom/pixels/decode-error';
import { decodeFrame, openImage } from '../../dicom/pixels/decode-frame';
import type { SegmentImage } from '../types';
import { decodeJpeg, isJpeg } from './jpeg';
import { decodePng, isPng } from './png';
import { windowFrame, type Voi } from './window';

export interface ReadImage {
  image: SegmentImage;
  format: 'dicom' | 'png' | 'jpeg';
  /** DICOM only: identifies what the model saw, for the encoder cache key. */
  SOPInstanceUID: string | null;
  frame: number;
  numberOfFrames: number;
  voiDescription: string;
}

export async function readImageFile(path: string, options: { frame?: number; voi?: Voi | null } = {}): Promise<ReadImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new MaskcueError('NOT_FOUND', `Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const frame = options.frame ?? 0;
  if (isPng(bytes) || isJpeg(bytes)) {
    if (frame !== 0) throw new MaskcueError('INVALID_ARGUMENT', `${path} is a single image; --frame applies to multi-frame DICOM only.`);
    const decoded = isPng(bytes) ? decodePng(bytes) : await decodeJpeg(bytes);
    return { image: decoded, format: isPng(bytes) ? 'png' : 'jpeg', SOPInstanceUID: null, frame: 0, numberOfFrames: 1, voiDescription: 'as stored' };
  }
  try {
    const opened = openImage(bytes);
    if (frame >= opened.info.numberOfFrames) {
      throw new MaskcueError('INVALID_ARGUMENT', `${path} has ${opened.info.numberOfFrames} frame(s); --frame counts from 0, so ${frame} is past the last.`);
    }
    const decoded = await decodeFrame(opened, frame);
    const windowed = windowFrame(decoded, options.voi ?? null);
    return {
      image: windowed.grey ? { width: windowed.width, height: windowed.height, grey: windowed.grey } : { width: windowed.width, height: windowed.height, rgb: windowed.rgb! },
      format: 'dicom',
      SOPInstanceUID: decoded.SOPInstanceUID || null,
      frame,
      numberOfFrames: decoded.numberOfFrames,
      voiDescription: windowed.voiDescription,
    };
  } catch (e) {
    if (e instanceof MaskcueError) throw e;
    const error = toMaskcueError(e);
    throw new MaskcueError(error.code, `${path} is not a PNG, JPEG or readable DICOM image: ${error.message}`);
  }
}
