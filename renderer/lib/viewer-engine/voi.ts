// Window/level: the presets a number key picks, what a drag does, and the SIGMOID VOI function
// (PS3.3 C.11.2.1.3.1), which cornerstone-core lacks and gets here as a VOI LUT built from the
// current window.
import type { LUT } from 'cornerstone-core';
import { fullRangeVoi, type FrameInfo, type Voi } from './image-from-frame';

export type PresetChoice =
  | { kind: 'window'; voi: Voi }
  /** Whatever the file asks for: its VOI LUT, else its first window, else the full range. */
  | { kind: 'file' }
  | { kind: 'full' };

export interface Preset {
  /** The number key that picks it. */
  key: string;
  label: string;
  choice: PresetChoice;
}

/** CT windows in Hounsfield units, the four radiologists reach for first. */
export const CT_PRESETS: readonly Preset[] = [
  { key: '1', label: 'Abdomen', choice: { kind: 'window', voi: { windowWidth: 400, windowCenter: 40 } } },
  { key: '2', label: 'Lung', choice: { kind: 'window', voi: { windowWidth: 1500, windowCenter: -600 } } },
  { key: '3', label: 'Bone', choice: { kind: 'window', voi: { windowWidth: 2000, windowCenter: 300 } } },
  { key: '4', label: 'Brain', choice: { kind: 'window', voi: { windowWidth: 80, windowCenter: 40 } } },
];

/** Other modalities: 1 the file's default, 2 the full dynamic range, 3… further windows the file lists. */
export function presetsFor(modality: string, info: FrameInfo | null): Preset[] {
  if (modality === 'CT' && !info?.color) return [...CT_PRESETS];
  const presets: Preset[] = [
    { key: '1', label: 'Default', choice: { kind: 'file' } },
    { key: '2', label: 'Full range', choice: { kind: 'full' } },
  ];
  if (info && !info.color) {
    info.windows.slice(1, 8).forEach((window, index) => {
      if (window.width <= 0) return;
      presets.push({
        key: String(index + 3),
        label: window.explanation || `W${Math.round(window.width)} L${Math.round(window.center)}`,
        choice: { kind: 'window', voi: { windowWidth: window.width, windowCenter: window.center } },
      });
    });
  }
  return presets;
}

export interface VoiSetting {
  voi: Voi;
  /** Display through the file's VOI LUT sequence instead of the linear window. */
  useFileLut: boolean;
}

/** The window a file-LUT display roughly corresponds to, so a drag starts from where the eye is. */
function lutEquivalent(lut: LUT): Voi {
  return { windowWidth: Math.max(lut.lut.length, 1), windowCenter: lut.firstValueMapped + lut.lut.length / 2 };
}

export function resolvePreset(choice: PresetChoice, info: FrameInfo): VoiSetting {
  if (choice.kind === 'window') return { voi: { ...choice.voi }, useFileLut: false };
  if (choice.kind === 'full') return { voi: fullRangeVoi(info.range), useFileLut: false };
  if (info.voiLut) return { voi: lutEquivalent(info.voiLut), useFileLut: true };
  return { voi: { ...info.defaultVoi }, useFileLut: false };
}

/** The setting a series opens with. */
export function initialVoi(info: FrameInfo): VoiSetting {
  return resolvePreset({ kind: 'file' }, info);
}

/**
 * A drag of (dx, dy) screen pixels: right widens the window, down raises the level (darker), one pixel
 * moving about 1/1024 of the frame's range (at least 1 unit for integer data).
 */
export function dragVoi(voi: Voi, dx: number, dy: number, range: { min: number; max: number }): Voi {
  const span = Math.max(range.max - range.min, 1);
  const step = Math.max(span / 1024, span < 16 ? span / 256 : 1);
  return { windowWidth: Math.max(voi.windowWidth + dx * step, step), windowCenter: voi.windowCenter + dy * step };
}

/** Largest table the SIGMOID function is built as; cornerstone spreads it into Math.max. */
const MAX_SIGMOID_ENTRIES = 65536;

/** SIGMOID VOI as a 16-bit LUT over the frame's modality range; null where the range is too wide. */
export function sigmoidLut(voi: Voi, range: { min: number; max: number }): LUT | null {
  const first = Math.floor(range.min);
  const length = Math.ceil(range.max) - first + 1;
  if (length < 2 || length > MAX_SIGMOID_ENTRIES) return null;
  const lut = new Array<number>(length + 1);
  const width = Math.max(voi.windowWidth, 1e-6);
  for (let i = 0; i < length; i += 1) {
    lut[i] = Math.round(65535 / (1 + Math.exp((-4 * (first + i - voi.windowCenter)) / width)));
  }
  // cornerstone derives the entry width from the largest entry; one full-scale entry past the range
  // (never looked up by a pixel of this frame) keeps it at 16 bits whatever the window.
  lut[length] = 65535;
  return { id: `sigmoid:${voi.windowWidth}:${voi.windowCenter}:${first}:${length}`, firstValueMapped: first, numBitsPerEntry: 16, lut };
}

export function formatVoi(setting: VoiSetting): string {
  if (setting.useFileLut) return 'VOI LUT';
  const round = (value: number) => (Math.abs(value) >= 10 ? Math.round(value) : Number(value.toPrecision(3)));
  return `W ${round(setting.voi.windowWidth)} L ${round(setting.voi.windowCenter)}`;
}
