// Full-batch Adam (Kingma & Ba) over one parameter vector, with bias correction; the head keeps one
// per parameter group because R and θ take different learning rates (method.md: 2e-3 and 1e-2).

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** params ← params − lr · m̂ / (√v̂ + ε). */
  step(params: Float64Array, gradient: ArrayLike<number>): void {
    this.t += 1;
    const { m, v, beta1, beta2 } = this;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    for (let k = 0; k < params.length; k += 1) {
      const gk = gradient[k]!;
      m[k] = beta1 * m[k]! + (1 - beta1) * gk;
      v[k] = beta2 * v[k]! + (1 - beta2) * gk * gk;
      params[k]! -= (this.lr * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + this.epsilon);
    }
  }
}
