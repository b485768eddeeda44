// YCbCr -> RGB for a decoded JPEG frame, in the fixed-point arithmetic IJG libjpeg uses (16 fraction
// bits, JFIF / T.871 coefficients 1.402, 0.34414, 0.71414, 1.772, results clamped), at 8 or 12 bits.
// DCMTK's dcmdjpeg converts this way when the DICOM photometric interpretation is YBR_*; so must we.

const SCALE = 16;
const HALF = 1 << (SCALE - 1);
const fix = (x: number) => Math.floor(x * (1 << SCALE) + 0.5);

interface Tables {
  crR: Int32Array;
  cbB: Int32Array;
  crG: Int32Array;
  cbG: Int32Array;
}

const cache = new Map<number, Tables>();

function tables(precision: number): Tables {
  let t = cache.get(precision);
  if (t) return t;
  const size = 1 << precision;
  const center = size >> 1;
  t = { crR: new Int32Array(size), cbB: new Int32Array(size), crG: new Int32Array(size), cbG: new Int32Array(size) };
  for (let i = 0; i < size; i += 1) {
    const x = i - center;
    t.crR[i] = (fix(1.402) * x + HALF) >> SCALE;
    t.cbB[i] = (fix(1.772) * x + HALF) >> SCALE;
    t.crG[i] = -fix(0.71414) * x;
    t.cbG[i] = -fix(0.34414) * x + HALF;
  }
  cache.set(precision, t);
  return t;
}

/** Converts pixel-interleaved Y, Cb, Cr samples of `precision` bits to R, G, B in place. */
export function ycbcrToRgb(samples: Uint16Array, precision: 8 | 12): void {
  const { crR, cbB, crG, cbG } = tables(precision);
  const max = (1 << precision) - 1;
  for (let i = 0; i + 2 < samples.length; i += 3) {
    const y = samples[i]!;
    const cb = samples[i + 1]!;
    const cr = samples[i + 2]!;
    const r = y + crR[cr]!;
    const g = y + ((cbG[cb]! + crG[cr]!) >> SCALE);
    const b = y + cbB[cb]!;
    samples[i] = r < 0 ? 0 : r > max ? max : r;
    samples[i + 1] = g < 0 ? 0 : g > max ? max : g;
    samples[i + 2] = b < 0 ? 0 : b > max ? max : b;
  }
}
