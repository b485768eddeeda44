// The custom cornerstone image loader: `maskcue:<SOPInstanceUID>:<frame>` asks main for the decoded
// frame (dicom.frame) and wraps it for cornerstone. This is the viewer's only way to pixels, so what
// the radiologist sees is what main decoded for the models.
import cornerstone from 'cornerstone-core';
import type { Workstation } from '../workstation';
import { imageFromFrame, type MaskcueImage } from './image-from-frame';
import { IMAGE_SCHEME, parseImageId } from './stack';

export type FrameSource = Pick<Workstation['dicom'], 'frame'>;

/** Decoded frames kept for scrolling back and forth: a 300-slice 512² CT takes about 160 MB. */
export const CACHE_BYTES = 512 * 1024 * 1024;

let source: FrameSource | null = null;

async function fetchImage(imageId: string): Promise<MaskcueImage> {
  const ref = parseImageId(imageId);
  if (!ref) throw new Error(`Not a MaskCue image id: ${imageId}`);
  if (!source) throw new Error('The viewer is not connected to MaskCue yet.');
  const result = await source.frame(ref);
  if (!result.ok) throw new Error(result.error.message);
  return imageFromFrame(imageId, result.value);
}

export function registerImageLoader(frames: FrameSource): void {
  source = frames;
  cornerstone.registerImageLoader(IMAGE_SCHEME, (imageId) => ({ promise: fetchImage(imageId) }));
  cornerstone.imageCache.setMaximumSizeBytes(CACHE_BYTES);
}

/** Loads through cornerstone's cache, so a frame fetched for a thumbnail or a prefetch is reused. */
export function loadImage(imageId: string): Promise<MaskcueImage> {
  return cornerstone.loadAndCacheImage(imageId) as Promise<MaskcueImage>;
}

export function isCached(imageId: string): boolean {
  return cornerstone.imageCache.getImageLoadObject(imageId) !== undefined;
}

/** Forget every frame (after an import replaced files, say). */
export function purgeImages(): void {
  cornerstone.imageCache.purgeCache();
}
