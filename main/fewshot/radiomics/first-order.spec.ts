// First-order statistics against values derived by hand (a constant region, a 0..99 ramp) and against
// a brute-force sorted-array reference on random data (numpy-style percentiles, moment definitions).
import { describe, expect, it } from 'vitest';
import { ENTROPY_BIN_WIDTH, firstOrder, percentile } from './first-order';
import { seededRandom as random } from '../training/random';

function histogramOf(values: number[]): Float64Array {
  const h = new Float64Array(256);
  for (const v of values) h[v]! += 1;
  return h;
}

/** numpy.percentile(values, 100·p), method 'linear'. */
function numpyPercentile(sorted: number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

describe('first-order statistics', () => {
  it('a constant region has no spread, no entropy and a single bin', () => {
    const f = firstOrder(histogramOf(new Array<number>(50).fill(77)));
    expect(f.mean).toBe(77);
    expect(f.std).toBe(0);
    expect(f.skewness).toBe(0);
    expect(f.kurtosis).toBe(0);
    expect(f.entropy).toBe(0);
    expect(f.uniformity).toBe(1);
    expect([f.p10, f.p50, f.p90, f.min, f.max]).toEqual([77, 77, 77, 77, 77]);
    expect([f.iqr, f.range, f.mad, f.robust_mad]).toEqual([0, 0, 0, 0]);
    expect(f.rms).toBe(77);
  });

  it('a ramp 0..99 gives the textbook percentiles and moments of a discrete uniform', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const f = firstOrder(histogramOf(values));
    // Position p·(n − 1) = 99p between order statistics that equal their index.
    expect(f.p10).toBeCloseTo(9.9, 10);
    expect(f.p50).toBeCloseTo(49.5, 10);
    expect(f.p90).toBeCloseTo(89.1, 10);
    expect(f.iqr).toBeCloseTo(74.25 - 24.75, 10);
    expect(f.mean).toBeCloseTo(49.5, 10);
    expect(f.std).toBeCloseTo(Math.sqrt((100 * 100 - 1) / 12), 10);
    expect(f.skewness).toBeCloseTo(0, 10);
    // Excess kurtosis of a discrete uniform on n values: −6(n² + 1) / (5(n² − 1)).
    expect(f.kurtosis).toBeCloseTo((-6 * (100 * 100 + 1)) / (5 * (100 * 100 - 1)), 10);
    expect(f.mad).toBeCloseTo(25, 10);
    // [P10, P90] = [9.9, 89.1] holds 10..89: mean 49.5, mean |deviation| = mean of 0.5, 1.5, ..., 39.5.
    expect(f.robust_mad).toBeCloseTo(20, 10);
    expect([f.min, f.max, f.range]).toEqual([0, 99, 99]);
    expect(f.rms).toBeCloseTo(Math.sqrt(values.reduce((s, v) => s + v * v, 0) / 100), 10);
    // Bins of 8: twelve full bins (0..95) and one holding 96..99.
    expect(ENTROPY_BIN_WIDTH).toBe(8);
    const expected = -(12 * 0.08 * Math.log2(0.08) + 0.04 * Math.log2(0.04));
    expect(f.entropy).toBeCloseTo(expected, 10);
    expect(f.uniformity).toBeCloseTo(12 * 0.08 ** 2 + 0.04 ** 2, 12);
  });

  it('matches a brute-force reference on random data', () => {
    const rnd = random(7);
    for (let trial = 0; trial < 5; trial += 1) {
      const n = 5 + Math.floor(rnd() * 400);
      const values = Array.from({ length: n }, () => Math.floor(rnd() ** 2 * 256));
      const sorted = [...values].sort((a, b) => a - b);
      const f = firstOrder(histogramOf(values));
      const mean = values.reduce((s, v) => s + v, 0) / n;
      const m = (k: number): number => values.reduce((s, v) => s + (v - mean) ** k, 0) / n;
      expect(f.mean).toBeCloseTo(mean, 9);
      expect(f.std).toBeCloseTo(Math.sqrt(m(2)), 9);
      expect(f.skewness).toBeCloseTo(m(3) / m(2) ** 1.5, 9);
      expect(f.kurtosis).toBeCloseTo(m(4) / m(2) ** 2 - 3, 9);
      for (const [p, got] of [[0.1, f.p10], [0.5, f.p50], [0.9, f.p90]] as const) expect(got).toBeCloseTo(numpyPercentile(sorted, p), 9);
      expect(f.iqr).toBeCloseTo(numpyPercentile(sorted, 0.75) - numpyPercentile(sorted, 0.25), 9);
      expect(f.mad).toBeCloseTo(values.reduce((s, v) => s + Math.abs(v - mean), 0) / n, 9);
      const kept = values.filter((v) => v >= numpyPercentile(sorted, 0.1) && v <= numpyPercentile(sorted, 0.9));
      const keptMean = kept.reduce((s, v) => s + v, 0) / kept.length;
      expect(f.robust_mad).toBeCloseTo(kept.reduce((s, v) => s + Math.abs(v - keptMean), 0) / kept.length, 9);
      const bins = new Map<number, number>();
      for (const v of values) bins.set(Math.floor(v / 8), (bins.get(Math.floor(v / 8)) ?? 0) + 1);
      const entropy = [...bins.values()].reduce((s, c) => s - (c / n) * Math.log2(c / n), 0);
      expect(f.entropy).toBeCloseTo(entropy, 9);
      expect([f.min, f.max]).toEqual([sorted[0], sorted[n - 1]]);
    }
  });

  it('percentile interpolates between neighbouring order statistics', () => {
    const h = histogramOf([10, 20]);
    expect(percentile(h, 2, 0)).toBe(10);
    expect(percentile(h, 2, 0.25)).toBeCloseTo(12.5, 12);
    expect(percentile(h, 2, 1)).toBe(20);
  });
});
