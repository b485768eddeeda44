// A PNG snapshot of a finding: the key image with whichever overlays the user chose, everything burnt
// in (outline, heat map, scale bar with its length, orientation letters), for slides, teaching files
// and e-mails to colleagues, where neither MaskCue nor a DICOM viewer will be at hand.

import { encodePngRgb } from '../../segmentation/image/png';
import type { ReportFinding } from '../types';
import { type KeyImageOptions, renderKeyImage } from './key-image';

export type SnapshotOptions = KeyImageOptions;

export function snapshotPng(finding: ReportFinding, options: SnapshotOptions): Uint8Array {
  const image = renderKeyImage(finding, options);
  return encodePngRgb(image.width, image.height, image.rgb);
}
