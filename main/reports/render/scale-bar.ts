// Which scale bar a key image gets: the longest "round" length (1, 2 or 5 × a power of ten, in mm)
// that fits in a quarter of the image's width, and how it is written ("5 mm", "1 cm", "0.5 mm").
// The bar's length in pixels is that length over the pixel spacing, rounded to the nearest pixel.

export interface ScaleBar {
  mm: number;
  px: number;
  label: string;
}

/** null when the spacing is unknown or absurd, or when even a tiny bar would not fit. */
export function chooseScaleBar(mmPerPx: number, widthPx: number, maxFraction = 0.25): ScaleBar | null {
  if (!Number.isFinite(mmPerPx) || mmPerPx <= 0 || widthPx < 16) return null;
  const maxMm = widthPx * maxFraction * mmPerPx;
  const exponent = Math.floor(Math.log10(maxMm));
  let mm = 0;
  for (const e of [exponent, exponent - 1]) {
    for (const step of [5, 2, 1]) {
      const candidate = round(step * 10 ** e);
      if (candidate <= maxMm * (1 + 1e-9)) {
        mm = candidate;
        break;
      }
    }
    if (mm > 0) break;
  }
  const px = Math.round(mm / mmPerPx);
  if (mm <= 0 || px < 8) return null;
  return { mm, px, label: labelFor(mm) };
}

/** Whole centimetres read as cm ("2 cm"); everything else as mm ("5 mm", "0.2 mm", "25 mm" never occurs). */
export function labelFor(mm: number): string {
  if (mm >= 10 && Number.isInteger(mm / 10)) return `${mm / 10} cm`;
  return `${round(mm)} mm`;
}

/** Removes binary noise from 10^e products (0.30000000000000004 → 0.3). */
function round(value: number): number {
  return Number(value.toPrecision(6));
}
