// The closed-form gradients of the stage-2 loss against central finite differences, in Float64, on
// a small random problem: with and without text anchors in the base rows, single view and fused view,
// at a point away from R = 0 so the row normalisation's Jacobian matters.
import { describe, expect, it } from 'vitest';
import { HeadObjective } from './objective';
import { prototypeRows } from './prototypes';
import { gaussian, seededRandom } from './random';
import { featuresAt, normalizedRows, type ViewRows } from './views';

function problem(view: 'focus' | 'fused', withAnchors: boolean, seed: number) {
  const random = seededRandom(seed);
  const n = 11;
  const d = 7;
  const c = 3;
  const labels = Array.from({ length: n }, (_, i) => i % c);
  const vectors = (): number[][] => Array.from({ length: n }, () => Array.from({ length: d }, () => gaussian(random)));
  const rows: ViewRows = view === 'fused' ? { n, d, x: null, u: normalizedRows(vectors(), d), v: normalizedRows(vectors(), d) } : { n, d, x: normalizedRows(vectors(), d), u: null, v: null };
  const anchors = withAnchors ? normalizedRows(Array.from({ length: c }, () => Array.from({ length: d }, () => gaussian(random))), d) : null;
  const base = prototypeRows(featuresAt(rows, 0), labels, c, d, anchors);
  const objective = new HeadObjective(rows, labels, { base, classCount: c, alpha: 0.5, lambda: 0.5, weightDecay: 0.01, scale: 12 });
  const residual = Float64Array.from({ length: c * d }, () => 0.3 * gaussian(random));
  return { objective, residual, theta: 0.4 };
}

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let size = 0;
  for (let k = 0; k < a.length; k += 1) {
    diff += (a[k]! - b[k]!) ** 2;
    size += b[k]! ** 2;
  }
  return Math.sqrt(diff / size);
}

describe('stage-2 loss gradients', () => {
  for (const view of ['focus', 'fused'] as const) {
    for (const withAnchors of [false, true]) {
      it(`match central differences (${view} view, ${withAnchors ? 'with' : 'without'} anchors)`, () => {
        const { objective, residual, theta } = problem(view, withAnchors, view === 'fused' ? 7 : 3);
        const gradient = { residual: new Float64Array(residual.length), theta: 0 };
        const loss = objective.evaluate(residual, theta, gradient);
        expect(Number.isFinite(loss)).toBe(true);
        const h = 1e-6;
        const numeric = new Float64Array(residual.length);
        for (let k = 0; k < residual.length; k += 1) {
          const saved = residual[k]!;
          residual[k] = saved + h;
          const up = objective.evaluate(residual, theta);
          residual[k] = saved - h;
          const down = objective.evaluate(residual, theta);
          residual[k] = saved;
          numeric[k] = (up - down) / (2 * h);
        }
        const errorR = relativeError(gradient.residual, numeric);
        expect(errorR).toBeLessThan(1e-6);
        if (view === 'fused') {
          const numericTheta = (objective.evaluate(residual, theta + h) - objective.evaluate(residual, theta - h)) / (2 * h);
          expect(Math.abs(numericTheta)).toBeGreaterThan(1e-4);
          expect(Math.abs(gradient.theta - numericTheta) / Math.abs(numericTheta)).toBeLessThan(1e-6);
        } else {
          expect(gradient.theta).toBe(0);
        }
      });
    }
  }

  it('computes the documented loss (checked against a direct, unoptimised formula)', () => {
    const { objective, residual, theta } = problem('fused', true, 11);
    const { rows } = objective;
    const { base } = objective.settings;
    const { n, d } = rows;
    const c = 3;
    const labels = Array.from({ length: n }, (_, i) => i % c);
    const a = 1 / (1 + Math.exp(-theta));
    const norm = (x: number[]): number[] => {
      const l = Math.hypot(...x);
      return x.map((v) => v / l);
    };
    const f = Array.from({ length: n }, (_, i) => norm(Array.from({ length: d }, (_, k) => a * rows.u![i * d + k]! + (1 - a) * rows.v![i * d + k]!)));
    const w = Array.from({ length: c }, (_, j) => norm(Array.from({ length: d }, (_, k) => base[j * d + k]! + 0.5 * residual[j * d + k]!)));
    const z = f.map((fi) => w.map((wj) => 12 * fi.reduce((s, x, k) => s + x * wj[k]!, 0)));
    const lossE = -z.reduce((s, zi, i) => s + Math.log(Math.exp(zi[labels[i]!]!) / zi.reduce((t, v) => t + Math.exp(v), 0)), 0) / n;
    let lossC = 0;
    for (let j = 0; j < c; j += 1) {
      const column = z.map((zi) => zi[j]!);
      const total = column.reduce((t, v) => t + Math.exp(v), 0);
      const members = labels.flatMap((y, i) => (y === j ? [i] : []));
      lossC -= members.reduce((s, i) => s + Math.log(Math.exp(column[i]!) / total), 0) / members.length;
    }
    lossC /= c;
    const decay = residual.reduce((s, r) => s + r * r, 0);
    expect(objective.evaluate(residual, theta)).toBeCloseTo(0.5 * lossC + 0.5 * lossE + 0.01 * decay, 10);
  });
});
