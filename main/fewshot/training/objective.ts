// Stage 2's loss and its gradients in closed form (notes/method.md §3). Parameters: the TaskRes
// residual R (C × D) and, for the fused view, θ. With g_c = T_c + α·R_c and W_c = g_c/‖g_c‖,
// logits z_ic = s·f_i·W_c, and
//   L = λ·L_c + (1 − λ)·L_e + wd·‖R‖²
//   L_e = −(1/N) Σ_i log softmax_c(z_i·)[y_i]                        (image → class cross-entropy)
//   L_c = −(1/C') Σ_c (1/n_c) Σ_{i∈c} log softmax_i(z_·c)[i]          (text → image InfoNCE, target
//                                                                      uniform over the class's images)
// C' = classes with at least one image. So ∂L/∂z_ic = (1−λ)/N·(P_ic − Y_ic) + λ/C'·(Q_ic − Y_ic/n_c),
// P the row softmax, Q the column softmax; then through W_c = g_c/‖g_c‖ (∂W ↦ (∂W − W(W·∂W))/‖g‖) to R,
// and for 'fused' through f_i = h_i/‖h_i‖, h_i = a·u_i + (1 − a)·v_i, a = sigmoid(θ), to θ.
// Float64 throughout: the sums are short, and the finite-difference check in the spec needs it.

import { sigmoid, type ViewRows } from './views';

export interface ObjectiveSettings {
  /** C × D base rows T (unit rows). */
  base: Float64Array;
  classCount: number;
  alpha: number;
  lambda: number;
  weightDecay: number;
  scale: number;
}

export interface Gradient {
  residual: Float64Array;
  theta: number;
}

export class HeadObjective {
  readonly n: number;
  readonly d: number;
  readonly c: number;
  private readonly labels: Int32Array;
  private readonly classSizes: Float64Array;
  private readonly presentClasses: number;
  private readonly f: Float64Array;
  private readonly hNorm: Float64Array;
  private readonly w: Float64Array;
  private readonly gNorm: Float64Array;
  private readonly z: Float64Array;
  private readonly g: Float64Array;
  private readonly dW: Float64Array;
  private readonly colMax: Float64Array;
  private readonly colSum: Float64Array;
  /** Fused view: u_i·v_i (constant), and u_i·W_j, v_i·W_j per step. */
  private readonly uv: Float64Array;
  private readonly pu: Float64Array;
  private readonly pv: Float64Array;

  constructor(
    readonly rows: ViewRows,
    labels: ArrayLike<number>,
    readonly settings: ObjectiveSettings,
  ) {
    this.n = rows.n;
    this.d = rows.d;
    this.c = settings.classCount;
    this.labels = Int32Array.from(labels);
    this.classSizes = new Float64Array(this.c);
    for (const y of this.labels) this.classSizes[y]! += 1;
    this.presentClasses = this.classSizes.reduce((m, s) => m + (s > 0 ? 1 : 0), 0);
    this.f = new Float64Array(this.n * this.d);
    this.hNorm = new Float64Array(this.n);
    this.w = new Float64Array(this.c * this.d);
    this.gNorm = new Float64Array(this.c);
    this.z = new Float64Array(this.n * this.c);
    this.g = new Float64Array(this.n * this.c);
    this.dW = new Float64Array(this.c * this.d);
    this.colMax = new Float64Array(this.c);
    this.colSum = new Float64Array(this.c);
    const fused = rows.x === null;
    this.uv = new Float64Array(fused ? this.n : 0);
    for (let i = 0; i < this.uv.length; i += 1) this.uv[i] = dotAt(rows.u!, i * this.d, rows.v!, i * this.d, this.d);
    this.pu = new Float64Array(fused ? this.n * this.c : 0);
    this.pv = new Float64Array(fused ? this.n * this.c : 0);
  }

  /** W = rownorm(T + α·R), written into `out`. */
  classRows(residual: Float64Array, out: Float64Array = new Float64Array(this.c * this.d), norms?: Float64Array): Float64Array {
    const { base, alpha } = this.settings;
    const { c, d } = this;
    for (let j = 0; j < c; j += 1) {
      const at = j * d;
      let sum = 0;
      for (let k = 0; k < d; k += 1) {
        const value = base[at + k]! + alpha * residual[at + k]!;
        out[at + k] = value;
        sum += value * value;
      }
      const norm = Math.sqrt(sum);
      if (norms) norms[j] = norm;
      if (norm > 0) for (let k = 0; k < d; k += 1) out[at + k]! /= norm;
    }
    return out;
  }

  /** The loss at (R, θ); fills `gradient` when given. */
  evaluate(residual: Float64Array, theta: number, gradient?: Gradient): number {
    const { n, d, c, f, w, z, g, labels, classSizes } = this;
    const { lambda, weightDecay, scale, alpha } = this.settings;
    const fused = this.rows.x === null;
    const a = sigmoid(theta);

    // Features, class rows, logits. Fused: with u, v unit, ‖h_i‖² = a² + (1 − a)² + 2a(1 − a)·u_i·v_i
    // and z_ij = s·(a·u_i·W_j + (1 − a)·v_i·W_j)/‖h_i‖; the u·W and v·W products also give ∂L/∂θ.
    this.classRows(residual, w, this.gNorm);
    if (fused) {
      const u = this.rows.u!;
      const v = this.rows.v!;
      const { pu, pv, uv } = this;
      for (let i = 0; i < n; i += 1) {
        const at = i * d;
        const norm = Math.sqrt(Math.max(a * a + (1 - a) * (1 - a) + 2 * a * (1 - a) * uv[i]!, 0));
        this.hNorm[i] = norm;
        const inv = norm > 0 ? 1 / norm : 0;
        for (let k = 0; k < d; k += 1) f[at + k] = (a * u[at + k]! + (1 - a) * v[at + k]!) * inv;
        for (let j = 0; j < c; j += 1) {
          pu[i * c + j] = dotAt(u, at, w, j * d, d);
          pv[i * c + j] = dotAt(v, at, w, j * d, d);
          z[i * c + j] = scale * (a * pu[i * c + j]! + (1 - a) * pv[i * c + j]!) * inv;
        }
      }
    } else {
      f.set(this.rows.x!);
      for (let i = 0; i < n; i += 1) for (let j = 0; j < c; j += 1) z[i * c + j] = scale * dotAt(f, i * d, w, j * d, d);
    }

    // L_e: row softmax; g starts as (1 − λ)/N · (P − Y).
    let lossE = 0;
    for (let i = 0; i < n; i += 1) {
      const at = i * c;
      let max = -Infinity;
      for (let j = 0; j < c; j += 1) max = Math.max(max, z[at + j]!);
      let sum = 0;
      for (let j = 0; j < c; j += 1) sum += Math.exp(z[at + j]! - max);
      const lse = max + Math.log(sum);
      const y = labels[i]!;
      lossE += lse - z[at + y]!;
      for (let j = 0; j < c; j += 1) g[at + j] = ((1 - lambda) / n) * (Math.exp(z[at + j]! - lse) - (j === y ? 1 : 0));
    }
    lossE /= n;

    // L_c: column softmax over the images, per class present.
    const { colMax, colSum } = this;
    colMax.fill(-Infinity);
    colSum.fill(0);
    for (let i = 0; i < n; i += 1) for (let j = 0; j < c; j += 1) colMax[j] = Math.max(colMax[j]!, z[i * c + j]!);
    for (let i = 0; i < n; i += 1) for (let j = 0; j < c; j += 1) colSum[j]! += Math.exp(z[i * c + j]! - colMax[j]!);
    let lossC = 0;
    const perClass = this.presentClasses > 0 ? lambda / this.presentClasses : 0;
    for (let i = 0; i < n; i += 1) {
      const y = labels[i]!;
      for (let j = 0; j < c; j += 1) {
        if (classSizes[j] === 0) continue;
        const lse = colMax[j]! + Math.log(colSum[j]!);
        const q = Math.exp(z[i * c + j]! - lse);
        const target = j === y ? 1 / classSizes[j]! : 0;
        if (j === y) lossC -= (z[i * c + j]! - lse) / classSizes[j]!;
        g[i * c + j]! += perClass * (q - target);
      }
    }
    lossC = this.presentClasses > 0 ? lossC / this.presentClasses : 0;

    let decay = 0;
    for (let k = 0; k < residual.length; k += 1) decay += residual[k]! * residual[k]!;
    const loss = lambda * lossC + (1 - lambda) * lossE + weightDecay * decay;
    if (!gradient) return loss;

    // ∂L/∂W_j = s Σ_i g_ij f_i, then through the row normalisation to R.
    const { dW } = this;
    dW.fill(0);
    for (let i = 0; i < n; i += 1) {
      const fi = i * d;
      for (let j = 0; j < c; j += 1) {
        const coefficient = scale * g[i * c + j]!;
        if (coefficient === 0) continue;
        const wj = j * d;
        for (let k = 0; k < d; k += 1) dW[wj + k]! += coefficient * f[fi + k]!;
      }
    }
    const gR = gradient.residual;
    for (let j = 0; j < c; j += 1) {
      const at = j * d;
      const norm = this.gNorm[j]!;
      let along = 0;
      for (let k = 0; k < d; k += 1) along += w[at + k]! * dW[at + k]!;
      for (let k = 0; k < d; k += 1) {
        const dg = norm > 0 ? (dW[at + k]! - w[at + k]! * along) / norm : 0;
        gR[at + k] = alpha * dg + 2 * weightDecay * residual[at + k]!;
      }
    }

    // ∂L/∂θ for the fused view: ∂L/∂f_i = s Σ_j g_ij W_j =: df_i, through f = h/‖h‖, h = a·u + (1 − a)·v:
    // ∂L/∂a = Σ_i (df_i·(u_i − v_i) − (f_i·df_i)(f_i·(u_i − v_i)))/‖h_i‖, where df·(u − v) = s Σ_j g_ij (u·W_j − v·W_j),
    // f·df = Σ_j g_ij z_ij and f·(u − v) = (2a − 1)(1 − u·v)/‖h‖: nothing D-long beyond the products above.
    gradient.theta = 0;
    if (fused) {
      const { pu, pv, uv } = this;
      let dA = 0;
      for (let i = 0; i < n; i += 1) {
        const norm = this.hNorm[i]!;
        if (norm === 0) continue;
        let fDotDf = 0;
        let dfDotDiff = 0;
        for (let j = 0; j < c; j += 1) {
          const gij = g[i * c + j]!;
          fDotDf += gij * z[i * c + j]!;
          dfDotDiff += scale * gij * (pu[i * c + j]! - pv[i * c + j]!);
        }
        const fDotDiff = ((2 * a - 1) * (1 - uv[i]!)) / norm;
        dA += (dfDotDiff - fDotDf * fDotDiff) / norm;
      }
      gradient.theta = a * (1 - a) * dA;
    }
    return loss;
  }
}

/** Σ_k a[at + k]·b[bt + k], four lanes at a time (V8 keeps the partial sums in registers). */
export function dotAt(a: Float64Array, at: number, b: Float64Array, bt: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < d; k += 4) {
    s0 += a[at + k]! * b[bt + k]!;
    s1 += a[at + k + 1]! * b[bt + k + 1]!;
    s2 += a[at + k + 2]! * b[bt + k + 2]!;
    s3 += a[at + k + 3]! * b[bt + k + 3]!;
  }
  for (; k < d; k += 1) s0 += a[at + k]! * b[bt + k]!;
  return s0 + s1 + s2 + s3;
}
