import { describe, expect, it } from 'vitest';
import { directionLabel, orientationMarkers } from './orientation';

const axial = [1, 0, 0, 0, 1, 0] as const;
const none = { rotation: 0, hflip: false, vflip: false };

describe('orientationMarkers', () => {
  it('labels an axial slice the radiological way: patient right on screen left', () => {
    expect(orientationMarkers(axial, none)).toEqual({ top: 'A', right: 'L', bottom: 'P', left: 'R' });
  });

  it('labels coronal and sagittal slices', () => {
    expect(orientationMarkers([1, 0, 0, 0, 0, -1], none)).toEqual({ top: 'H', right: 'L', bottom: 'F', left: 'R' });
    expect(orientationMarkers([0, 1, 0, 0, 0, -1], none)).toEqual({ top: 'H', right: 'P', bottom: 'F', left: 'A' });
  });

  it('follows flips and clockwise rotation', () => {
    expect(orientationMarkers(axial, { ...none, hflip: true })).toMatchObject({ left: 'L', right: 'R' });
    expect(orientationMarkers(axial, { ...none, vflip: true })).toMatchObject({ top: 'P', bottom: 'A' });
    expect(orientationMarkers(axial, { ...none, rotation: 90 })).toEqual({ top: 'R', right: 'A', bottom: 'L', left: 'P' });
    expect(orientationMarkers(axial, { ...none, rotation: 360 })).toEqual(orientationMarkers(axial, none));
  });

  it('names oblique directions strongest first, and nothing without an orientation', () => {
    expect(directionLabel([0, 0.99, 0.134])).toBe('P');
    expect(directionLabel([0.7, 0.7, 0])).toBe('LP');
    expect(orientationMarkers(null, none)).toBeNull();
  });
});
