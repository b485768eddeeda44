// A series as the viewer scrolls it: every frame of every instance, in the order main sorted the
// instances (geometry, then InstanceNumber). Image ids name one frame: maskcue:<SOPInstanceUID>:<frame>.
import type { InstanceSummary } from '../../../common/dicom';

export const IMAGE_SCHEME = 'maskcue';

export interface StackEntry {
  imageId: string;
  instance: InstanceSummary;
  /** Position of the instance in the series (0-based). */
  instanceIndex: number;
  /** 0-based frame within the instance. */
  frame: number;
}

export function imageIdFor(SOPInstanceUID: string, frame: number): string {
  return `${IMAGE_SCHEME}:${SOPInstanceUID}:${frame}`;
}

export function parseImageId(imageId: string): { SOPInstanceUID: string; frame: number } | null {
  const match = /^maskcue:([0-9.]{1,64}):(\d{1,6})$/.exec(imageId);
  return match ? { SOPInstanceUID: match[1]!, frame: Number(match[2]) } : null;
}

/** Instances without pixels (SR, RT plans, presentation states) are not part of the stack. */
export function hasPixels(instance: InstanceSummary): boolean {
  return instance.Rows > 0 && instance.Columns > 0 && instance.NumberOfFrames > 0;
}

export function buildStack(instances: readonly InstanceSummary[]): StackEntry[] {
  const stack: StackEntry[] = [];
  instances.forEach((instance, instanceIndex) => {
    if (!hasPixels(instance)) return;
    const frames = instance.NumberOfFrames;
    for (let frame = 0; frame < frames; frame += 1) {
      stack.push({ imageId: imageIdFor(instance.SOPInstanceUID, frame), instance, instanceIndex, frame });
    }
  });
  return stack;
}

/** "Image 143/300", "Frame 12/34", or "Image 2/3 · Frame 5/10" for a series of multi-frame instances. */
export function positionLabel(stack: readonly StackEntry[], index: number, instanceCount: number): string {
  const entry = stack[index];
  if (!entry) return '';
  const frames = Math.max(1, entry.instance.NumberOfFrames);
  if (instanceCount <= 1) return frames > 1 ? `Frame ${entry.frame + 1}/${frames}` : 'Image 1/1';
  const image = `Image ${entry.instanceIndex + 1}/${instanceCount}`;
  return frames > 1 ? `${image} · Frame ${entry.frame + 1}/${frames}` : image;
}

/** Where the slice sits along its normal (mm), and how thick it is, where the header says. */
export function sliceGeometry(instance: InstanceSummary, frame = 0): { location: number | null; thickness: number | null } {
  const iop = instance.ImageOrientationPatient;
  // Enhanced multi-frame: each frame has its own position.
  const ipp = instance.framePositions?.[frame] ?? instance.ImagePositionPatient;
  let location: number | null = null;
  if (iop && ipp) {
    const normal = [iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]];
    location = normal[0]! * ipp[0] + normal[1]! * ipp[1] + normal[2]! * ipp[2];
  }
  return { location, thickness: instance.SliceThickness };
}
