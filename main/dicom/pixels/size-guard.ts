// Refuses absurd image sizes before anything is allocated. A header is a claim: a 900-byte file can
// say 65535×65535 (8 GiB a frame), and Rows×Columns can overflow 32-bit arithmetic (46341² > 2³¹).
// All arithmetic here is in doubles (exact to 2⁵³), so nothing wraps.
import { formatBytes } from './dataset/parse';
import { DecodeError } from './decode-error';
import type { ImageInfo } from './dataset/image-info';

export interface SizeLimits {
  /** Largest decoded frame, colour copy included. Default 1 GiB, the import's limit too (main/dicom/pixel-checks.ts). */
  maxFrameBytes: number;
  /** Largest NumberOfFrames. Default 100 000 (the contract's own bound on a frame index). */
  maxFrames: number;
}

export const DEFAULT_SIZE_LIMITS: SizeLimits = {
  maxFrameBytes: 1024 ** 3,
  maxFrames: 100_000,
};

/** Bytes we will allocate for one decoded frame: the stored samples and, for colour, the RGB copy. */
export function decodedFrameBytes(info: Pick<ImageInfo, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated'>): number {
  const pixels = info.rows * info.columns;
  const stored = pixels * info.samplesPerPixel * Math.max(1, Math.ceil(info.bitsAllocated / 8));
  return info.samplesPerPixel === 3 ? stored + pixels * 3 : stored;
}

export function checkImageSize(info: ImageInfo, limits: SizeLimits = DEFAULT_SIZE_LIMITS): void {
  const claim = `${info.rows}×${info.columns} pixels × ${info.samplesPerPixel} sample${info.samplesPerPixel === 1 ? '' : 's'} × ${info.bitsAllocated} bits`;
  const bytes = decodedFrameBytes(info);
  if (bytes > limits.maxFrameBytes) {
    throw new DecodeError(
      'refused',
      `The image claims ${claim} = ${formatBytes(bytes)} a frame, more than the ${formatBytes(limits.maxFrameBytes)} MaskCue decodes; refused before allocating. The file is probably damaged.`,
    );
  }
  if (info.numberOfFrames > limits.maxFrames) {
    throw new DecodeError('refused', `The image claims ${info.numberOfFrames} frames, more than the ${limits.maxFrames} MaskCue decodes; refused.`);
  }
}
