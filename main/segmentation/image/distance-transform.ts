// The exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher 2012, "Distance
// Transforms of Sampled Functions"): two 1-D passes, linear in the pixels. Used to place simulated
// clicks deep inside regions (evaluation/mask-metrics.ts) and to dilate the focus view's mask
// (fewshot/focus/soft-mask.ts).

/** Stands for "no site in reach": larger than any squared distance on an image. */
export const FAR = 1e20;

/** 1-D squared distance transform of f[0..n) into d. */
function dt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -FAR;
  z[1] = FAR;
  for (let q = 1; q < n; q += 1) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k -= 1;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k += 1;
    v[k] = q;
    z[k] = s;
    z[k + 1] = FAR;
  }
  k = 0;
  for (let q = 0; q < n; q += 1) {
    while (z[k + 1]! < q) k += 1;
    d[q] = (q - v[k]!) * (q - v[k]!) + f[v[k]!]!;
  }
}

/**
 * In place: `grid` holds 0 at the sites and FAR elsewhere (width × height, row-major); afterwards each
 * cell holds its squared distance to the nearest site.
 */
export function squaredDistanceTransform(grid: Float64Array, width: number, height: number): Float64Array {
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x += 1) {
    for (let y = 0; y < height; y += 1) f[y] = grid[y * width + x]!;
    dt1d(f, height, d, v, z);
    for (let y = 0; y < height; y += 1) grid[y * width + x] = d[y]!;
  }
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) f[x] = grid[row + x]!;
    dt1d(f, width, d, v, z);
    for (let x = 0; x < width; x += 1) grid[row + x] = d[x]!;
  }
  return grid;
}
