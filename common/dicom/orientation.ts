// Orientation markers on the four edges of a viewport (and of report key images), from ImageOrientationPatient (row and column
// direction cosines in the patient's LPS frame) and the viewport's flips and rotation.
// cornerstone applies the flips in image space, then rotates clockwise on screen; so do we.

export interface EdgeMarkers {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

export interface ViewTransform {
  /** Degrees clockwise, multiples of 90. */
  rotation: number;
  hflip: boolean;
  vflip: boolean;
}

/** Letters for a direction in LPS: +x left, +y posterior, +z head; strongest axis first. */
export function directionLabel(vector: readonly [number, number, number], threshold = 0.25): string {
  const axes: [number, string, string][] = [
    [vector[0], 'L', 'R'],
    [vector[1], 'P', 'A'],
    [vector[2], 'H', 'F'],
  ];
  return axes
    .filter(([value]) => Math.abs(value) >= threshold)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .map(([value, positive, negative]) => (value > 0 ? positive : negative))
    .join('');
}

const negate = (v: readonly [number, number, number]): [number, number, number] => [-v[0], -v[1], -v[2]];

export function orientationMarkers(
  orientation: readonly [number, number, number, number, number, number] | null,
  view: ViewTransform,
): EdgeMarkers | null {
  if (!orientation) return null;
  const row: [number, number, number] = [orientation[0], orientation[1], orientation[2]];
  const column: [number, number, number] = [orientation[3], orientation[4], orientation[5]];
  // Columns increase to the right (the row direction), rows increase downwards (the column direction).
  let markers: EdgeMarkers = {
    right: directionLabel(row),
    left: directionLabel(negate(row)),
    bottom: directionLabel(column),
    top: directionLabel(negate(column)),
  };
  if (view.hflip) markers = { ...markers, left: markers.right, right: markers.left };
  if (view.vflip) markers = { ...markers, top: markers.bottom, bottom: markers.top };
  const quarterTurns = ((Math.round(view.rotation / 90) % 4) + 4) % 4;
  for (let turn = 0; turn < quarterTurns; turn += 1) {
    // A clockwise quarter turn: what was on the left comes to the top.
    markers = { top: markers.left, right: markers.top, bottom: markers.right, left: markers.bottom };
  }
  return markers;
}
