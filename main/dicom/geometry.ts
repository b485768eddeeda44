// Slice geometry and the order of a series. A stack is shown in the order of each slice's position
// along the slice normal (the cross product of the row and column directions), which is what the
// patient's anatomy does; InstanceNumber is only the scanner's counter and is wrong for re-sorted,
// merged or reconstructed series. Without usable geometry we fall back to InstanceNumber, and the
// SOP Instance UID breaks every remaining tie so the order never changes between calls.

export type Vec3 = [number, number, number];
export type Orientation = [number, number, number, number, number, number];

export interface SortableInstance {
  SOPInstanceUID: string;
  InstanceNumber: number | null;
  ImagePositionPatient: Vec3 | null;
  ImageOrientationPatient: Orientation | null;
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function length(a: Vec3): number {
  return Math.sqrt(dot(a, a));
}

/** Unit normal of an orientation; null when the direction cosines are degenerate (zero or parallel). */
export function sliceNormal(orientation: Orientation): Vec3 | null {
  const row: Vec3 = [orientation[0], orientation[1], orientation[2]];
  const column: Vec3 = [orientation[3], orientation[4], orientation[5]];
  const normal = cross(row, column);
  const size = length(normal);
  // Row and column are unit vectors at right angles, so |normal| is 1; far from it means a bad header.
  if (!(size > 0.5)) return null;
  return [normal[0] / size, normal[1] / size, normal[2] / size];
}

/** Position of a slice along its normal, in mm: dot(ImagePositionPatient, normal). */
export function slicePosition(position: Vec3, orientation: Orientation): number | null {
  const normal = sliceNormal(orientation);
  return normal ? dot(position, normal) : null;
}

// Orientations within ~1° count as the same stack direction (scanners round direction cosines).
const PARALLEL = Math.cos((1 * Math.PI) / 180);

/**
 * The positions along one shared normal, or null when any instance lacks geometry or the series
 * mixes orientations (a localizer with three planes has no single "along the normal").
 */
export function stackPositions(instances: readonly SortableInstance[]): number[] | null {
  if (instances.length === 0) return [];
  const first = instances[0]!.ImageOrientationPatient;
  const normal = first ? sliceNormal(first) : null;
  if (!normal) return null;
  const positions: number[] = [];
  for (const instance of instances) {
    const { ImagePositionPatient: position, ImageOrientationPatient: orientation } = instance;
    if (!position || !orientation) return null;
    const own = sliceNormal(orientation);
    if (!own || Math.abs(dot(own, normal)) < PARALLEL) return null;
    positions.push(dot(position, normal));
  }
  return positions;
}

function byNumberThenUid(a: SortableInstance, b: SortableInstance): number {
  const an = a.InstanceNumber;
  const bn = b.InstanceNumber;
  if (an !== bn) {
    if (an === null) return 1;
    if (bn === null) return -1;
    return an - bn;
  }
  return a.SOPInstanceUID < b.SOPInstanceUID ? -1 : a.SOPInstanceUID > b.SOPInstanceUID ? 1 : 0;
}

/**
 * A sorted copy: by position along the normal when every instance has geometry, else InstanceNumber.
 * Along the normal means ascending or descending; we take the direction in which InstanceNumber
 * also increases (for an axial CT that is usually head to feet, as on the scanner console), and
 * ascending when InstanceNumber says nothing.
 */
export function sortInstances<T extends SortableInstance>(instances: readonly T[]): T[] {
  const positions = stackPositions(instances);
  const indexed = instances.map((instance, index) => ({ instance, position: positions?.[index] ?? 0 }));
  const order = (direction: number) =>
    indexed.sort((a, b) => {
      if (positions) {
        const delta = (a.position - b.position) * direction;
        // Positions closer than a micrometre are the same slice: fall through to the tie-breakers.
        if (Math.abs(delta) > 1e-3) return delta;
      }
      return byNumberThenUid(a.instance, b.instance);
    });
  order(1);
  if (positions && numberedAgainst(indexed.map((entry) => entry.instance))) order(-1);
  return indexed.map((entry) => entry.instance);
}

/** Whether InstanceNumber mostly decreases along this order (counted over neighbouring pairs). */
function numberedAgainst(sorted: readonly SortableInstance[]): boolean {
  let balance = 0;
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!.InstanceNumber;
    const after = sorted[i]!.InstanceNumber;
    if (before !== null && after !== null) balance += Math.sign(after - before);
  }
  return balance < 0;
}

/** How many instances share their position with another one (same slice stored twice, or a re-send). */
export function duplicatePositionCount(instances: readonly SortableInstance[]): number {
  const positions = stackPositions(instances);
  if (!positions) return 0;
  const sorted = [...positions].sort((a, b) => a - b);
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    const samePrevious = i > 0 && Math.abs(sorted[i]! - sorted[i - 1]!) <= 1e-3;
    const sameNext = i + 1 < sorted.length && Math.abs(sorted[i + 1]! - sorted[i]!) <= 1e-3;
    if (samePrevious || sameNext) count += 1;
  }
  return count;
}
