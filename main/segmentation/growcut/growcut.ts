// GrowCut (Vezhnevets & Konouchine, "GrowCut — Interactive Multi-Label N-D Image Segmentation by
// Cellular Automata", Graphicon 2005), the algorithm behind 3D Slicer's "Grow from seeds".
//
// The cellular automaton: every cell has a label and a strength θ ∈ [0, 1]; seeds start at θ = 1.
// Each step, a cell p is conquered by a neighbour q when g(|C_p − C_q|)·θ_q > θ_p, taking q's label
// and that strength, with g(x) = 1 − x / max(|C|). Run until nothing changes, the strength of a cell
// is the best product of g along any path from a seed, and its label that seed's label: the
// automaton is a Bellman-Ford relaxation of a max-product path problem. Since every g ≤ 1, products
// only shrink along a path, so Dijkstra's order (strongest first) computes that same fixed point in
// one pass, O(N log N), with no iteration cap to tune and no half-converged result at the cap
// (the classic automaton needs as many sweeps as the longest seed-to-cell path, hundreds on 512²).
// growcut.spec.ts checks it against the step-by-step automaton. Ties (equal strengths from different
// labels) may resolve differently; they are measure-zero on real images.
//
// `locality` (< 1) multiplies each step by a constant, like Slicer's "seed locality": in flat areas
// the nearer seed wins instead of the one with the smoother path, which keeps a lesion's label from
// leaking along low-contrast speckle far from where the user clicked.

export const UNLABELLED = 0;
export const FOREGROUND = 1;
export const BACKGROUND = 2;

export interface GrowCutParams {
  /** Intensity difference that makes a step cost everything (g = 0). 255 for 8-bit, as in the paper. */
  maxDiff: number;
  /** Per-step factor in (0, 1]; 1 is classic GrowCut. */
  locality: number;
}

export interface GrowCutOutput {
  labels: Uint8Array;
  strength: Float64Array;
}

/**
 * An indexed binary max-heap of cells keyed by strength: each cell is in it at most once and moves
 * up when its strength rises (decrease-key), so there are exactly N pops and no stale entries.
 */
class CellHeap {
  private readonly heap: Int32Array;
  /** Position of each cell in `heap`, −1 when absent. */
  private readonly pos: Int32Array;
  size = 0;

  constructor(
    cells: number,
    private readonly key: Float64Array,
  ) {
    this.heap = new Int32Array(cells);
    this.pos = new Int32Array(cells).fill(-1);
  }

  /** Inserts `cell`, or moves it up after its key grew. */
  raise(cell: number): void {
    let i = this.pos[cell]!;
    if (i < 0) {
      i = this.size;
      this.size += 1;
    }
    const { heap, pos, key } = this;
    const k = key[cell]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pc = heap[parent]!;
      if (key[pc]! >= k) break;
      heap[i] = pc;
      pos[pc] = i;
      i = parent;
    }
    heap[i] = cell;
    pos[cell] = i;
  }

  pop(): number {
    const { heap, pos, key } = this;
    const top = heap[0]!;
    pos[top] = -1;
    this.size -= 1;
    const n = this.size;
    if (n === 0) return top;
    const last = heap[n]!;
    const k = key[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && key[heap[child + 1]!]! > key[heap[child]!]!) child += 1;
      const c = heap[child]!;
      if (key[c]! <= k) break;
      heap[i] = c;
      pos[c] = i;
      i = child;
    }
    heap[i] = last;
    pos[last] = i;
    return top;
  }
}

/**
 * `seeds`: UNLABELLED / FOREGROUND / BACKGROUND per cell, at strength 1 or `initialStrength` (a
 * previous result kept as weaker seeds, so a correction click changes the mask near it only). `allowed` (optional): 1 where cells may be
 * labelled at all (a box prompt's region); cells outside stay UNLABELLED. Cells no seed can reach
 * stay UNLABELLED too; callers treat them as background.
 */
export function growCut(
  features: Uint8Array | Float32Array,
  width: number,
  height: number,
  seeds: Uint8Array,
  allowed: Uint8Array | null,
  params: GrowCutParams,
  initialStrength: Float64Array | null = null,
): GrowCutOutput {
  const n = width * height;
  const labels = new Uint8Array(n);
  const strength = new Float64Array(n);
  const heap = new CellHeap(n, strength);
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const s = seeds[i]!;
    if (s !== UNLABELLED && (!allowed || allowed[i])) {
      labels[i] = s;
      strength[i] = initialStrength ? initialStrength[i]! : 1;
      heap.raise(i);
    }
  }
  const inv = 1 / Math.max(1e-9, params.maxDiff);
  const decay = params.locality;
  const offsets = [-width - 1, -width, -width + 1, -1, 1, width - 1, width, width + 1];
  const dxs = [-1, 0, 1, -1, 1, -1, 0, 1];
  while (heap.size > 0) {
    const p = heap.pop();
    done[p] = 1;
    const theta = strength[p]! * decay;
    const px = p % width;
    const interior = px > 0 && px < width - 1 && p >= width && p < n - width;
    const cp = features[p]!;
    const label = labels[p]!;
    for (let k = 0; k < 8; k += 1) {
      const q = p + offsets[k]!;
      if (!interior) {
        const qx = px + dxs[k]!;
        if (qx < 0 || qx >= width || q < 0 || q >= n) continue;
      }
      if (done[q] || (allowed && !allowed[q])) continue;
      const g = 1 - Math.abs(cp - features[q]!) * inv;
      if (g <= 0) continue;
      const attack = g * theta;
      if (attack > strength[q]!) {
        strength[q] = attack;
        labels[q] = label;
        heap.raise(q);
      }
    }
  }
  return { labels, strength };
}

/**
 * The step-by-step automaton of the paper (synchronous update, Moore neighbourhood), bounded by
 * `maxSteps`. Slow (O(N · steps)); kept as the reference the fast version is tested against.
 */
export function growCutAutomaton(
  features: Uint8Array | Float32Array,
  width: number,
  height: number,
  seeds: Uint8Array,
  allowed: Uint8Array | null,
  params: GrowCutParams,
  maxSteps = width * height,
): GrowCutOutput & { steps: number } {
  const n = width * height;
  let labels = new Uint8Array(n);
  let strength = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    if (seeds[i] !== UNLABELLED && (!allowed || allowed[i])) {
      labels[i] = seeds[i]!;
      strength[i] = 1;
    }
  }
  const inv = 1 / Math.max(1e-9, params.maxDiff);
  let steps = 0;
  for (; steps < maxSteps; steps += 1) {
    const nextLabels = labels.slice();
    const nextStrength = strength.slice();
    let changed = false;
    for (let p = 0; p < n; p += 1) {
      if (allowed && !allowed[p]) continue;
      const px = p % width;
      const py = (p - px) / width;
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dx = -1; dx <= 1; dx += 1) {
          const qx = px + dx;
          const qy = py + dy;
          if ((dx === 0 && dy === 0) || qx < 0 || qy < 0 || qx >= width || qy >= height) continue;
          const q = qy * width + qx;
          if (allowed && !allowed[q]) continue;
          const g = 1 - Math.abs(features[p]! - features[q]!) * inv;
          const attack = g * strength[q]! * params.locality;
          if (g > 0 && attack > nextStrength[p]!) {
            nextStrength[p] = attack;
            nextLabels[p] = labels[q]!;
            changed = true;
          }
        }
      }
    }
    labels = nextLabels;
    strength = nextStrength;
    if (!changed) break;
  }
  return { labels, strength, steps };
}
