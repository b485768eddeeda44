import { describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../../../common/dicom';
import { buildStack, parseImageId, positionLabel, sliceGeometry } from './stack';

function instance(uid: string, frames = 1, z = 0): InstanceSummary {
  return {
    SOPInstanceUID: uid,
    SeriesInstanceUID: '1.9',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    InstanceNumber: 1,
    NumberOfFrames: frames,
    Rows: 512,
    Columns: 512,
    ImagePositionPatient: [0, 0, z],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    PixelSpacing: [0.7, 0.7],
    SliceThickness: 5,
  };
}

describe('stack', () => {
  it('lists every frame of every instance, and ids parse back', () => {
    const stack = buildStack([instance('1.1'), instance('1.2', 3)]);
    expect(stack.map((e) => e.imageId)).toEqual(['maskcue:1.1:0', 'maskcue:1.2:0', 'maskcue:1.2:1', 'maskcue:1.2:2']);
    expect(parseImageId('maskcue:1.2:2')).toEqual({ SOPInstanceUID: '1.2', frame: 2 });
    expect(parseImageId('wadouri:x')).toBeNull();
    expect(buildStack([{ ...instance('1.3'), Rows: 0, Columns: 0, NumberOfFrames: 0 }])).toEqual([]);
  });

  it('says where the reader is', () => {
    const single = buildStack([instance('1.1'), instance('1.2')]);
    expect(positionLabel(single, 1, 2)).toBe('Image 2/2');
    const cine = buildStack([instance('1.1', 34)]);
    expect(positionLabel(cine, 11, 1)).toBe('Frame 12/34');
    const mixed = buildStack([instance('1.1', 2), instance('1.2', 2)]);
    expect(positionLabel(mixed, 3, 2)).toBe('Image 2/2 · Frame 2/2');
  });

  it('gives the slice location along the normal and the thickness', () => {
    expect(sliceGeometry(instance('1.1', 1, -120.5))).toEqual({ location: -120.5, thickness: 5 });
    const enhanced = { ...instance('1.2', 2, 0), framePositions: [[0, 0, 10], [0, 0, 12.5]] as [number, number, number][] };
    expect(sliceGeometry(enhanced, 1).location).toBe(12.5);
  });
});
