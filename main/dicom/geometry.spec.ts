import { describe, expect, it } from 'vitest';
import { duplicatePositionCount, slicePosition, sliceNormal, sortInstances, type Orientation, type SortableInstance, type Vec3 } from './geometry';

const AXIAL: Orientation = [1, 0, 0, 0, 1, 0];
const SAGITTAL: Orientation = [0, 1, 0, 0, 0, -1];

function slice(uid: string, number: number | null, position: Vec3 | null, orientation: Orientation | null = AXIAL): SortableInstance {
  return { SOPInstanceUID: uid, InstanceNumber: number, ImagePositionPatient: position, ImageOrientationPatient: orientation };
}

const uids = (list: SortableInstance[]) => list.map((s) => s.SOPInstanceUID);

describe('slice geometry', () => {
  it('the normal is row × column, and the position is the IPP projected on it', () => {
    expect(sliceNormal(AXIAL)).toEqual([0, 0, 1]);
    expect(sliceNormal(SAGITTAL)).toEqual([-1, 0, 0]);
    expect(slicePosition([10, 20, -42.5], AXIAL)).toBe(-42.5);
    expect(slicePosition([-110.5, 3, 4], SAGITTAL)).toBe(110.5);
    // Oblique: 30° about x.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    expect(slicePosition([0, 1, 2], [1, 0, 0, 0, c, s])).toBeCloseTo(-s * 1 + c * 2, 9);
  });

  it('refuses degenerate direction cosines (zero or parallel row and column)', () => {
    expect(sliceNormal([0, 0, 0, 0, 0, 0])).toBeNull();
    expect(sliceNormal([1, 0, 0, 1, 0, 0])).toBeNull();
  });
});

describe('sortInstances', () => {
  it('orders by position along the normal, not by InstanceNumber, when every slice has geometry', () => {
    const shuffled = [slice('c', 1, [0, 0, 30]), slice('a', 2, [0, 0, 10]), slice('b', 3, [0, 0, 20])];
    expect(uids(sortInstances(shuffled))).toEqual(['a', 'b', 'c']);
  });

  it('runs along the normal in the direction InstanceNumber increases (head to feet on an axial CT)', () => {
    const headFirst = [slice('feet', 3, [0, 0, -300]), slice('head', 1, [0, 0, -10]), slice('mid', 2, [0, 0, -150])];
    expect(uids(sortInstances(headFirst))).toEqual(['head', 'mid', 'feet']);
    const unnumbered = [slice('b', null, [0, 0, 2]), slice('a', null, [0, 0, 1])];
    expect(uids(sortInstances(unnumbered))).toEqual(['a', 'b']);
  });

  it('uses the shared normal, so an oblique stack sorts by true position, not by z', () => {
    const c = Math.cos(Math.PI / 4);
    const oblique: Orientation = [1, 0, 0, 0, c, -c];
    const normal = sliceNormal(oblique)!;
    const at = (d: number): Vec3 => [0, normal[1] * d + 5 * c, normal[2] * d + 5 * c];
    const list = [slice('far', null, at(9)), slice('near', null, at(1)), slice('mid', null, at(4))];
    expect(uids(sortInstances(list))).toEqual(['near', 'mid', 'far']);
  });

  it('falls back to InstanceNumber when any slice lacks geometry, then to the UID', () => {
    const list = [slice('x', 2, [0, 0, 1]), slice('y', 1, null), slice('z', null, [0, 0, 3]), slice('w', 2, [0, 0, 9])];
    expect(uids(sortInstances(list))).toEqual(['y', 'w', 'x', 'z']);
  });

  it('falls back to InstanceNumber for a series that mixes orientations (a three-plane localizer)', () => {
    const list = [slice('sag', 1, [0, 0, 100], SAGITTAL), slice('ax', 2, [0, 0, -5], AXIAL), slice('ax2', 3, [0, 0, -50], AXIAL)];
    expect(uids(sortInstances(list))).toEqual(['sag', 'ax', 'ax2']);
  });

  it('keeps two slices at the same position next to each other, ordered by InstanceNumber then UID', () => {
    const list = [slice('b', 21, [0, 0, -90]), slice('top', 2, [0, 0, -42.5]), slice('a', 21, [0, 0, -90.0000001]), slice('low', 34, [0, 0, -122.5])];
    const sorted = sortInstances(list);
    expect(uids(sorted)).toEqual(['top', 'a', 'b', 'low']);
    expect(duplicatePositionCount(list)).toBe(2);
    expect(sortInstances([...list].reverse())).toEqual(sorted);
  });

  it('does not count duplicates when positions are unknown', () => {
    expect(duplicatePositionCount([slice('a', 1, null), slice('b', 1, null)])).toBe(0);
  });
});
