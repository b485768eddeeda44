import { describe, expect, it } from 'vitest';
import type { FrameInfo } from './image-from-frame';
import { dragVoi, formatVoi, initialVoi, presetsFor, resolvePreset, sigmoidLut } from './voi';

const info: FrameInfo = {
  SOPInstanceUID: '1.2',
  frame: 0,
  rows: 2,
  columns: 2,
  photometric: 'MONOCHROME2',
  color: false,
  bitsStored: 12,
  lossyCompressed: false,
  transferSyntaxUID: '1.2.840.10008.1.2.1',
  windows: [
    { center: 50, width: 350, explanation: 'SOFT' },
    { center: 500, width: 2000, explanation: 'BONE' },
  ],
  voiLutFunction: 'LINEAR',
  voiLut: null,
  range: { min: -1024, max: 3071 },
  defaultVoi: { windowWidth: 350, windowCenter: 50 },
  pixelSpacing: null,
  invert: false,
};

describe('presets', () => {
  it('gives CT abdomen, lung, bone, brain on 1-4', () => {
    const presets = presetsFor('CT', info);
    expect(presets.map((p) => [p.key, p.label])).toEqual([
      ['1', 'Abdomen'],
      ['2', 'Lung'],
      ['3', 'Bone'],
      ['4', 'Brain'],
    ]);
    expect(resolvePreset(presets[1]!.choice, info).voi).toEqual({ windowWidth: 1500, windowCenter: -600 });
  });

  it('gives other modalities the file default, the full range, then the file windows', () => {
    const presets = presetsFor('MR', info);
    expect(presets.map((p) => p.label)).toEqual(['Default', 'Full range', 'BONE']);
    expect(resolvePreset(presets[0]!.choice, info).voi).toEqual({ windowWidth: 350, windowCenter: 50 });
    expect(resolvePreset(presets[1]!.choice, info).voi).toEqual({ windowWidth: 4095, windowCenter: 1023.5 });
  });

  it('prefers the file VOI LUT for the default and says so', () => {
    const withLut = { ...info, voiLut: { id: 'voi:x', firstValueMapped: 0, numBitsPerEntry: 8, lut: [0, 128, 255] } };
    const setting = initialVoi(withLut);
    expect(setting.useFileLut).toBe(true);
    expect(formatVoi(setting)).toBe('VOI LUT');
  });
});

describe('dragVoi', () => {
  it('widens to the right and raises the level downwards, about range/1024 per pixel', () => {
    const next = dragVoi({ windowWidth: 400, windowCenter: 40 }, 10, -5, info.range);
    expect(next.windowWidth).toBeCloseTo(400 + 10 * 4095 / 1024);
    expect(next.windowCenter).toBeCloseTo(40 - 5 * 4095 / 1024);
  });

  it('never lets the window close', () => {
    expect(dragVoi({ windowWidth: 10, windowCenter: 0 }, -1000, 0, info.range).windowWidth).toBeGreaterThan(0);
  });
});

describe('sigmoidLut', () => {
  it('follows PS3.3 C.11.2.1.3.1 and keeps cornerstone at 16 bits per entry', () => {
    const lut = sigmoidLut({ windowWidth: 100, windowCenter: 0 }, { min: -100, max: 100 })!;
    expect(lut.firstValueMapped).toBe(-100);
    expect(lut.lut[100]).toBe(Math.round(65535 / 2));
    expect(lut.lut[0]).toBeLessThan(lut.lut[200]!);
    expect(Math.max(...lut.lut)).toBe(65535);
  });

  it('refuses ranges too wide for a table', () => {
    expect(sigmoidLut({ windowWidth: 1, windowCenter: 0 }, { min: 0, max: 1e6 })).toBeNull();
  });
});
