// One dataset item as the featurizer takes it: the image (DICOM windowed with its own window, PNG or
// JPEG as stored) and its mask, the union of its mask files (non-zero = inside) or the whole image.
// A mask whose size differs from its image is an error: resampling it would silently move the outline.

import { MaskcueError } from '../../../common/api';
import { readImageFile } from '../../segmentation/image/read-image';
import type { MaskedImage } from '../types';
import type { DatasetItem } from './dataset';

export type EmptyMaskPolicy = 'whole-image' | 'skip';

export interface LoadedItem {
  masked: MaskedImage;
  /** How the mask was made: from its files, or the whole image (no mask file, or an all-zero one). */
  mask: 'files' | 'no-mask-file' | 'empty-mask';
}

export async function loadItem(item: DatasetItem): Promise<LoadedItem> {
  const { image } = await readImageFile(item.path);
  const size = image.width * image.height;
  const mask = new Uint8Array(size);
  for (const maskPath of item.maskPaths) {
    const read = await readImageFile(maskPath);
    const m = read.image;
    if (m.width !== image.width || m.height !== image.height) {
      throw new MaskcueError('INVALID_ARGUMENT', `The mask ${maskPath} is ${m.width} × ${m.height} but its image ${item.path} is ${image.width} × ${image.height}. Masks must have their image's size.`);
    }
    if (m.grey) {
      for (let i = 0; i < size; i += 1) if (m.grey[i]! !== 0) mask[i] = 1;
    } else {
      const rgb = m.rgb!;
      for (let i = 0; i < size; i += 1) if (rgb[3 * i]! !== 0 || rgb[3 * i + 1]! !== 0 || rgb[3 * i + 2]! !== 0) mask[i] = 1;
    }
  }
  let kind: LoadedItem['mask'] = 'files';
  if (item.maskPaths.length === 0) kind = 'no-mask-file';
  else if (!mask.includes(1)) kind = 'empty-mask';
  if (kind !== 'files') mask.fill(1);
  return { masked: { image, mask }, mask: kind };
}
