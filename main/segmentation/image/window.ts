// A decoded DICOM frame as the 8-bit picture the models see: the modality transform (rescale or
// Modality LUT), then the VOI — the window the radiologist has on screen, else the file's first
// window, else its VOI LUT, else the full range of values — then MONOCHROME1 / INVERSE flipped so
// bright means dense, as on screen. Colour frames (already RGB from the decoder) pass through.
// DICOM PS3.3 C.11.2.1.2 gives the three VOI functions implemented here.

import type { DecodedFrame, LutDescriptor } from '../../../common/dicom';

export interface Voi {
  center: number;
  width: number;
}

export interface WindowedFrame {
  width: number;
  height: number;
  grey?: Uint8Array;
  rgb?: Uint8Array;
  /** The window applied (null for colour, a VOI LUT, or when none applied). */
  voi: Voi | null;
  /** What was applied, for the cache key and messages: "window 40/400", "VOI LUT", "min-max", "colour". */
  voiDescription: string;
}

function lutLookup(lut: LutDescriptor, value: number): number {
  const i = Math.min(lut.data.length - 1, Math.max(0, Math.round(value) - lut.firstValueMapped));
  return lut.data[i]!;
}

export function modalityValues(frame: DecodedFrame): Float32Array {
  const n = frame.rows * frame.columns;
  const out = new Float32Array(n);
  const { pixels, modalityLut, rescaleSlope, rescaleIntercept } = frame;
  for (let i = 0; i < n; i += 1) {
    const stored = pixels[i]!;
    out[i] = modalityLut ? lutLookup(modalityLut, stored) : stored * rescaleSlope + rescaleIntercept;
  }
  return out;
}

/** One value through a window, to 0..255 (not rounded). */
export function applyWindow(x: number, voi: Voi, fn: DecodedFrame['voiLutFunction']): number {
  const { center: c, width: w } = voi;
  if (fn === 'SIGMOID') return 255 / (1 + Math.exp((-4 * (x - c)) / w));
  if (fn === 'LINEAR_EXACT') {
    if (x <= c - w / 2) return 0;
    if (x > c + w / 2) return 255;
    return ((x - c) / w + 0.5) * 255;
  }
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 255;
  return ((x - (c - 0.5)) / Math.max(1, w - 1) + 0.5) * 255;
}

export function windowFrame(frame: DecodedFrame, voi: Voi | null = null): WindowedFrame {
  const width = frame.columns;
  const height = frame.rows;
  if (frame.samplesPerPixel === 3) {
    return { width, height, rgb: new Uint8Array(frame.pixels.buffer, frame.pixels.byteOffset, width * height * 3).slice(), voi: null, voiDescription: 'colour' };
  }
  const values = modalityValues(frame);
  const grey = new Uint8Array(width * height);
  let chosen: Voi | null = voi ?? (frame.windows[0] ? { center: frame.windows[0].center, width: frame.windows[0].width } : null);
  let description: string;
  if (chosen && chosen.width > 0) {
    for (let i = 0; i < values.length; i += 1) grey[i] = Math.round(applyWindow(values[i]!, chosen, frame.voiLutFunction));
    description = `window ${chosen.center}/${chosen.width}`;
  } else if (frame.voiLut) {
    const max = 2 ** frame.voiLut.bitsPerEntry - 1;
    for (let i = 0; i < values.length; i += 1) grey[i] = Math.round((lutLookup(frame.voiLut, values[i]!) * 255) / max);
    chosen = null;
    description = 'VOI LUT';
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi > lo ? hi - lo : 1;
    for (let i = 0; i < values.length; i += 1) grey[i] = Math.round(((values[i]! - lo) * 255) / span);
    chosen = { center: (lo + hi) / 2, width: span };
    description = 'min-max';
  }
  if (frame.photometric === 'MONOCHROME1' || frame.presentationLutShape === 'INVERSE') {
    for (let i = 0; i < grey.length; i += 1) grey[i] = 255 - grey[i]!;
  }
  return { width, height, grey, voi: chosen, voiDescription: description };
}
