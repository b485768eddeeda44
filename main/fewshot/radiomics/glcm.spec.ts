// GLCM texture: a constant region (contrast 0, homogeneity 1), a checkerboard (every horizontal and
// vertical neighbour differs by the full range, every diagonal one matches: contrast known exactly),
// and a brute-force reference written from the definitions (all ordered pixel pairs, separate
// marginals) on small random images with random masks.
import { describe, expect, it } from 'vitest';
import { GLCM_DISTANCES, GLCM_FEATURES, GLCM_LEVELS, type GlcmFeature, glcm } from './glcm';
import { regionOf } from './region';
import { seededRandom as random } from '../training/random';

function glcmOf(width: number, height: number, grey: Uint8Array, mask: Uint8Array): Record<GlcmFeature, number>[] {
  return glcm(regionOf({ width, height, grey }, mask));
}

/** Features at each distance, straight from the definitions, by enumerating every pair of pixels. */
function reference(width: number, height: number, grey: Uint8Array, mask: Uint8Array): Record<GlcmFeature, number>[] {
  const cells: { x: number; y: number; v: number }[] = [];
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if (mask[y * width + x]) cells.push({ x, y, v: grey[y * width + x]! });
  const lo = Math.min(...cells.map((c) => c.v));
  const hi = Math.max(...cells.map((c) => c.v));
  // IBSI fixed bin number, 1-based, then shifted to 0-based.
  const level = (v: number): number => (hi === lo ? 0 : v === hi ? GLCM_LEVELS - 1 : Math.floor((GLCM_LEVELS * (v - lo)) / (hi - lo)));
  const Ng = GLCM_LEVELS;
  return GLCM_DISTANCES.map((d) => {
    const per: Record<GlcmFeature, number>[] = [];
    for (const [ox, oy] of [[d, 0], [d, d], [0, d], [-d, d]] as const) {
      const P = Array.from({ length: Ng }, () => new Array<number>(Ng).fill(0));
      for (const a of cells) {
        for (const b of cells) {
          const fwd = b.x - a.x === ox && b.y - a.y === oy;
          const back = a.x - b.x === ox && a.y - b.y === oy;
          if (fwd || back) P[level(a.v)]![level(b.v)]! += 1;
        }
      }
      const total = P.flat().reduce((s, v) => s + v, 0);
      if (total === 0) continue;
      const p = P.map((row) => row.map((v) => v / total));
      const px = p.map((row) => row.reduce((s, v) => s + v, 0));
      const py = p[0]!.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));
      const ux = px.reduce((s, v, i) => s + i * v, 0);
      const uy = py.reduce((s, v, j) => s + j * v, 0);
      const sx = Math.sqrt(px.reduce((s, v, i) => s + (i - ux) ** 2 * v, 0));
      const sy = Math.sqrt(py.reduce((s, v, j) => s + (j - uy) ** 2 * v, 0));
      const sum = (fn: (i: number, j: number, v: number) => number): number => {
        let s = 0;
        for (let i = 0; i < Ng; i += 1) for (let j = 0; j < Ng; j += 1) if (p[i]![j]! > 0) s += fn(i, j, p[i]![j]!);
        return s;
      };
      per.push({
        contrast: sum((i, j, v) => (i - j) ** 2 * v),
        dissimilarity: sum((i, j, v) => Math.abs(i - j) * v),
        homogeneity: sum((i, j, v) => v / (1 + (i - j) ** 2)),
        joint_energy: sum((_i, _j, v) => v * v),
        correlation: sx * sy === 0 ? 1 : (sum((i, j, v) => i * j * v) - ux * uy) / (sx * sy),
        joint_entropy: -sum((_i, _j, v) => v * Math.log2(v)),
        cluster_shade: sum((i, j, v) => (i + j - ux - uy) ** 3 * v),
        cluster_prominence: sum((i, j, v) => (i + j - ux - uy) ** 4 * v),
      });
    }
    const out = {} as Record<GlcmFeature, number>;
    for (const name of GLCM_FEATURES) out[name] = per.reduce((s, f) => s + f[name], 0) / per.length;
    return out;
  });
}

describe('GLCM texture', () => {
  it('a constant region: no contrast, full homogeneity and energy, no entropy', () => {
    for (const f of glcmOf(20, 20, new Uint8Array(400).fill(90), new Uint8Array(400))) {
      expect(f.contrast).toBe(0);
      expect(f.dissimilarity).toBe(0);
      expect(f.homogeneity).toBe(1);
      expect(f.joint_energy).toBe(1);
      expect(f.joint_entropy).toBe(0);
      expect(f.correlation).toBe(1);
      expect(f.cluster_shade).toBe(0);
      expect(f.cluster_prominence).toBe(0);
    }
  });

  it('a checkerboard: contrast (Ng − 1)²/2 at distance 1 (two of four directions), 0 at distance 2', () => {
    const w = 24;
    const grey = new Uint8Array(w * w);
    for (let y = 0; y < w; y += 1) for (let x = 0; x < w; x += 1) grey[y * w + x] = (x + y) % 2 ? 250 : 10;
    const [d1, d2] = glcmOf(w, w, grey, new Uint8Array(w * w));
    const top = GLCM_LEVELS - 1;
    // Horizontal and vertical pairs are always (0, 31) or (31, 0); diagonal pairs always equal.
    expect(d1!.contrast).toBeCloseTo((top * top) / 2, 10);
    expect(d1!.dissimilarity).toBeCloseTo(top / 2, 10);
    expect(d1!.homogeneity).toBeCloseTo((2 / (1 + top * top) + 2) / 4, 10);
    // Horizontal/vertical: two cells of ½ each → correlation −1; diagonal: (0,0) and (31,31) → +1.
    expect(d1!.correlation).toBeCloseTo(0, 10);
    // Entropy: 1 bit for the horizontal/vertical matrices; the diagonal ones split 23² = 529 pairs
    // 265 / 264 between the dark and bright cells.
    const h = (q: number): number => -(q * Math.log2(q) + (1 - q) * Math.log2(1 - q));
    expect(d1!.joint_entropy).toBeCloseTo((2 + 2 * h(265 / 529)) / 4, 10);
    expect(d2!.contrast).toBe(0);
    expect(d2!.homogeneity).toBe(1);
    expect(d2!.correlation).toBeCloseTo(1, 10);
  });

  it('matches the brute-force reference on random images and masks', () => {
    const rnd = random(3);
    for (let trial = 0; trial < 6; trial += 1) {
      const width = 5 + Math.floor(rnd() * 6);
      const height = 5 + Math.floor(rnd() * 6);
      const grey = new Uint8Array(width * height);
      const mask = new Uint8Array(width * height);
      for (let i = 0; i < grey.length; i += 1) {
        grey[i] = trial % 2 ? Math.floor(rnd() * 256) : 100 + Math.floor(rnd() * 7);
        mask[i] = trial === 5 || rnd() < 0.7 ? 1 : 0;
      }
      const got = glcmOf(width, height, grey, mask);
      const want = reference(width, height, grey, mask);
      for (let k = 0; k < GLCM_DISTANCES.length; k += 1) {
        for (const name of GLCM_FEATURES) expect(got[k]![name], `trial ${trial}, d${GLCM_DISTANCES[k]} ${name}`).toBeCloseTo(want[k]![name], 8);
      }
    }
  });

  it('a region with no pairs in some directions averages over the others', () => {
    // A single row: only the horizontal direction has pairs.
    const grey = Uint8Array.from({ length: 30 }, (_, i) => (i % 2 ? 200 : 0));
    const mask = Uint8Array.from({ length: 30 }, (_, i) => (i >= 10 && i < 20 ? 1 : 0));
    const [d1, d2] = glcmOf(10, 3, grey, mask);
    expect(d1!.contrast).toBeCloseTo((GLCM_LEVELS - 1) ** 2, 10);
    expect(d2!.contrast).toBe(0);
  });
});
