// Pixels for the classifier: a workspace frame windowed as the reader saw it (the same 8-bit image the
// segmentation engines get, service/frame-image.ts), or an image file from a bulk import. A source that
// is gone is an error that names the exemplar and says what to do, never a silent skip: a pack trained
// without some exemplars would not be the pack the radiologist asked for.

import { MaskcueError } from '../../../common/api';
import type { DecodedFrame } from '../../../common/dicom';
import type { ExemplarRecord, FrameRef, Voi } from '../../../common/domain';
import { readImageFile } from '../../segmentation/image/read-image';
import { frameImage } from '../../segmentation/service/frame-image';
import type { SegmentImage } from '../../segmentation/types';

export type FrameSource = (SOPInstanceUID: string, frame: number) => Promise<DecodedFrame>;

export async function imageOfFrame(frames: FrameSource, target: FrameRef, voi: Voi | null): Promise<SegmentImage> {
  const decoded = await frames(target.SOPInstanceUID, target.frame);
  return frameImage(decoded, target, voi, 'classifier').image;
}

export async function imageOfExemplar(frames: FrameSource, exemplar: ExemplarRecord): Promise<SegmentImage> {
  const s = exemplar.source;
  try {
    const image =
      s.kind === 'dicom'
        ? await imageOfFrame(frames, { SOPInstanceUID: s.SOPInstanceUID, frame: s.frame }, exemplar.voi)
        : (await readImageFile(s.path)).image;
    if (image.width !== exemplar.width || image.height !== exemplar.height) {
      throw new MaskcueError('INVALID_ARGUMENT', `its image is now ${image.width} × ${image.height}, but the mask was drawn on ${exemplar.width} × ${exemplar.height}`);
    }
    return image;
  } catch (e) {
    const where = s.kind === 'dicom' ? `instance ${s.SOPInstanceUID} frame ${s.frame}` : s.path;
    const why = e instanceof Error ? e.message : String(e);
    throw new MaskcueError(
      e instanceof MaskcueError && e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
      `Exemplar "${exemplar.className}" (${exemplar.id}) cannot be read from ${where}: ${why}. Re-import its study or file, or remove the exemplar.`,
    );
  }
}
