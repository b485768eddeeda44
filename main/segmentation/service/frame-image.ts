// A decoded frame as the engines see it: windowed with the reader's current VOI (what the viewer
// shows; without one, the file's first window, else its VOI LUT, else min–max — image/window.ts),
// and the cache key of its encoder features. The key names the window actually applied, so "no VOI"
// and the file's default window share features, and another window is encoded again.

import type { FrameRef, Voi } from '../../../common/domain';
import type { DecodedFrame } from '../../../common/dicom';
import { toGrey } from '../image/pixels';
import { windowFrame } from '../image/window';
import type { SegmentImage } from '../types';

export interface FrameImage {
  image: SegmentImage;
  /** Luma, for the checks the service makes itself (the same bytes as `image.grey` for grey frames). */
  grey: Uint8Array;
  cacheKey: string;
}

export function frameImage(frame: DecodedFrame, target: FrameRef, voi: Voi | null, modelId: string): FrameImage {
  const windowed = windowFrame(frame, voi);
  const image: SegmentImage = windowed.grey
    ? { width: windowed.width, height: windowed.height, grey: windowed.grey }
    : { width: windowed.width, height: windowed.height, rgb: windowed.rgb! };
  return {
    image,
    grey: toGrey(image),
    cacheKey: `${target.SOPInstanceUID}:${target.frame}:${windowed.voiDescription}:${modelId}`,
  };
}
