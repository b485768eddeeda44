// Grey-level co-occurrence texture (Haralick; feature definitions as pyradiomics'). Grey levels are
// quantised to GLCM_LEVELS equal bins between the mask's own min and max (IBSI "fixed bin number"),
// so texture describes the pattern, not the brightness (first-order covers that). Only pairs with both
// pixels inside the mask count. For each distance d: the four directions (d,0), (d,d), (0,d), (-d,d),
// symmetric (each pair counted both ways), a matrix per direction, the features averaged over the
// directions that have pairs. A region with no pairs in any direction, or a single grey level, gives
// the flat-region values (contrast 0, homogeneity 1, correlation 1, ...).

import type { Region } from './region';

export const GLCM_LEVELS = 32;
export const GLCM_DISTANCES = [1, 2] as const;

export const GLCM_FEATURES = [
  'contrast',
  'dissimilarity',
  'homogeneity',
  'joint_energy',
  'correlation',
  'joint_entropy',
  'cluster_shade',
  'cluster_prominence',
] as const;

export type GlcmFeature = (typeof GLCM_FEATURES)[number];

/** Quantised level of each box pixel (row-major over the box); 255 outside the mask. */
export function quantise(region: Region, levels = GLCM_LEVELS): { q: Uint8Array; w: number; h: number } {
  const { width, grey, mask, box } = region;
  const w = box.x1 - box.x0 + 1;
  const h = box.y1 - box.y0 + 1;
  let min = 255;
  let max = 0;
  for (let y = box.y0; y <= box.y1; y += 1) {
    for (let x = box.x0, i = y * width + box.x0; x <= box.x1; x += 1, i += 1) {
      if (!mask[i]) continue;
      const v = grey[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const span = max - min;
  const level = new Uint8Array(256);
  for (let v = min; v <= max; v += 1) level[v] = span === 0 ? 0 : Math.min(levels - 1, Math.floor((levels * (v - min)) / span));
  const q = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0, i = (y + box.y0) * width + box.x0; x < w; x += 1, i += 1) {
      if (mask[i]) q[y * w + x] = level[grey[i]!]!;
    }
  }
  return { q, w, h };
}

/** Features of one co-occurrence count matrix (symmetrised here); null when it has no pairs. */
export function glcmFeatures(counts: ArrayLike<number>, levels = GLCM_LEVELS): Record<GlcmFeature, number> | null {
  const p = new Float64Array(levels * levels);
  let total = 0;
  for (let i = 0; i < levels; i += 1) {
    for (let j = 0; j < levels; j += 1) {
      const c = counts[i * levels + j]! + counts[j * levels + i]!;
      p[i * levels + j] = c;
      total += c;
    }
  }
  if (total === 0) return null;
  let mu = 0;
  for (let i = 0; i < levels; i += 1) for (let j = 0; j < levels; j += 1) mu += i * (p[i * levels + j]! /= total);
  let variance = 0;
  let contrast = 0;
  let dissimilarity = 0;
  let homogeneity = 0;
  let energy = 0;
  let cov = 0;
  let entropy = 0;
  let shade = 0;
  let prominence = 0;
  for (let i = 0; i < levels; i += 1) {
    for (let j = 0; j < levels; j += 1) {
      const v = p[i * levels + j]!;
      if (v === 0) continue;
      const d = i - j;
      const s = i + j - 2 * mu;
      variance += v * (i - mu) ** 2;
      contrast += v * d * d;
      dissimilarity += v * Math.abs(d);
      homogeneity += v / (1 + d * d);
      energy += v * v;
      cov += v * (i - mu) * (j - mu);
      entropy -= v * Math.log2(v);
      shade += v * s ** 3;
      prominence += v * s ** 4;
    }
  }
  return {
    contrast,
    dissimilarity,
    homogeneity,
    joint_energy: energy,
    correlation: variance > 1e-12 ? cov / variance : 1,
    joint_entropy: entropy === 0 ? 0 : entropy,
    cluster_shade: shade,
    cluster_prominence: prominence,
  };
}

const FLAT: Record<GlcmFeature, number> = {
  contrast: 0,
  dissimilarity: 0,
  homogeneity: 1,
  joint_energy: 1,
  correlation: 1,
  joint_entropy: 0,
  cluster_shade: 0,
  cluster_prominence: 0,
};

/** The four direction offsets at distance d. */
export function directions(d: number): [number, number][] {
  return [
    [d, 0],
    [d, d],
    [0, d],
    [-d, d],
  ];
}

/** Counts for the four directions at distance d, in one pass (padding q keeps it free of bounds checks). */
function cooccurrences(q: Uint8Array, w: number, h: number, d: number, levels = GLCM_LEVELS): Uint32Array[] {
  const pw = w + 2 * d;
  const padded = new Uint8Array(pw * (h + d)).fill(255);
  for (let y = 0; y < h; y += 1) padded.set(q.subarray(y * w, (y + 1) * w), y * pw + d);
  const shifts = directions(d).map(([dx, dy]) => dy * pw + dx);
  const [s0, s1, s2, s3] = shifts as [number, number, number, number];
  const m = [0, 1, 2, 3].map(() => new Uint32Array(levels * levels));
  const [m0, m1, m2, m3] = m as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  for (let y = 0; y < h; y += 1) {
    for (let x = 0, i = y * pw + d; x < w; x += 1, i += 1) {
      const a = padded[i]!;
      if (a === 255) continue;
      const row = a * levels;
      let b = padded[i + s0]!;
      if (b !== 255) m0[row + b]! += 1;
      b = padded[i + s1]!;
      if (b !== 255) m1[row + b]! += 1;
      b = padded[i + s2]!;
      if (b !== 255) m2[row + b]! += 1;
      b = padded[i + s3]!;
      if (b !== 255) m3[row + b]! += 1;
    }
  }
  return m;
}

/** Per distance, the features averaged over the directions. */
export function glcm(region: Region): Record<GlcmFeature, number>[] {
  const { q, w, h } = quantise(region);
  return GLCM_DISTANCES.map((d) => {
    const sums = Object.fromEntries(GLCM_FEATURES.map((name) => [name, 0])) as Record<GlcmFeature, number>;
    let used = 0;
    for (const counts of cooccurrences(q, w, h, d)) {
      const f = glcmFeatures(counts);
      if (!f) continue;
      used += 1;
      for (const name of GLCM_FEATURES) sums[name] += f[name];
    }
    if (used === 0) return { ...FLAT };
    for (const name of GLCM_FEATURES) sums[name] /= used;
    return sums;
  });
}
