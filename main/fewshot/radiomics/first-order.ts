// First-order intensity statistics of a grey-level histogram, after IBSI / pyradiomics: everything is
// computed from the 256-bin histogram of the 8-bit values (exact, and one pass over the pixels).
// Choices, where the references differ or a value would be undefined:
// - std is the population one (pyradiomics); kurtosis is IBSI's excess kurtosis (0 for a Gaussian);
//   skewness and kurtosis are 0 when the region is flat.
// - percentiles interpolate linearly between order statistics (numpy's default, pyradiomics).
// - entropy (log2) and uniformity use a fixed bin width of 8 grey levels (32 bins over 0..255), so
//   they compare across images; IBSI's "energy" Σx² grows with the area (already a shape feature),
//   so its per-pixel form is given instead, as the root mean square.

export const FIRST_ORDER_NAMES = [
  'mean',
  'std',
  'skewness',
  'kurtosis',
  'p10',
  'p50',
  'p90',
  'iqr',
  'entropy',
  'uniformity',
  'rms',
  'min',
  'max',
  'range',
  'mad',
  'robust_mad',
] as const;

export type FirstOrderName = (typeof FIRST_ORDER_NAMES)[number];

/** The entropy/uniformity histogram: 32 bins of 8 grey levels. */
export const ENTROPY_BIN_WIDTH = 8;

/** The value at fraction p (0..1) of the sorted values, numpy-style linear interpolation. */
export function percentile(hist: Float64Array, total: number, p: number): number {
  const pos = p * (total - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const a = orderStatistic(hist, lo);
  return frac === 0 ? a : a + frac * (orderStatistic(hist, lo + 1) - a);
}

/** The k-th smallest value (0-based). */
function orderStatistic(hist: Float64Array, k: number): number {
  let seen = 0;
  for (let v = 0; v < hist.length; v += 1) {
    seen += hist[v]!;
    if (seen > k) return v;
  }
  return hist.length - 1;
}

export interface Moments {
  count: number;
  mean: number;
  variance: number;
}

export function momentsOf(hist: Float64Array): Moments {
  let n = 0;
  let s = 0;
  for (let v = 0; v < hist.length; v += 1) {
    n += hist[v]!;
    s += v * hist[v]!;
  }
  if (n === 0) return { count: 0, mean: 0, variance: 0 };
  const mean = s / n;
  let m2 = 0;
  for (let v = 0; v < hist.length; v += 1) m2 += hist[v]! * (v - mean) ** 2;
  return { count: n, mean, variance: m2 / n };
}

export function firstOrder(hist: Float64Array): Record<FirstOrderName, number> {
  const { count: n, mean, variance } = momentsOf(hist);
  let m3 = 0;
  let m4 = 0;
  let sq = 0;
  let abs = 0;
  let min = -1;
  let max = -1;
  for (let v = 0; v < hist.length; v += 1) {
    const c = hist[v]!;
    if (c === 0) continue;
    if (min < 0) min = v;
    max = v;
    const dv = v - mean;
    m3 += c * dv ** 3;
    m4 += c * dv ** 4;
    sq += c * v * v;
    abs += c * Math.abs(dv);
  }
  m3 /= n;
  m4 /= n;
  const flat = variance <= 1e-12;
  const p10 = percentile(hist, n, 0.1);
  const p90 = percentile(hist, n, 0.9);

  let entropy = 0;
  let uniformity = 0;
  for (let b = 0; b < hist.length; b += ENTROPY_BIN_WIDTH) {
    let c = 0;
    for (let v = b; v < b + ENTROPY_BIN_WIDTH; v += 1) c += hist[v]!;
    if (c === 0) continue;
    const p = c / n;
    entropy -= p * Math.log2(p);
    uniformity += p * p;
  }

  // Robust MAD: mean absolute deviation of the values within [P10, P90] from their own mean.
  let rn = 0;
  let rs = 0;
  for (let v = Math.ceil(p10); v <= Math.floor(p90); v += 1) {
    rn += hist[v]!;
    rs += v * hist[v]!;
  }
  let robust = 0;
  if (rn > 0) {
    const rmean = rs / rn;
    for (let v = Math.ceil(p10); v <= Math.floor(p90); v += 1) robust += hist[v]! * Math.abs(v - rmean);
    robust /= rn;
  }

  return {
    mean,
    std: Math.sqrt(variance),
    skewness: flat ? 0 : m3 / variance ** 1.5,
    kurtosis: flat ? 0 : m4 / (variance * variance) - 3,
    p10,
    p50: percentile(hist, n, 0.5),
    p90,
    iqr: percentile(hist, n, 0.75) - percentile(hist, n, 0.25),
    entropy: entropy === 0 ? 0 : entropy,
    uniformity,
    rms: Math.sqrt(sq / n),
    min,
    max,
    range: max - min,
    mad: abs / n,
    robust_mad: robust,
  };
}
