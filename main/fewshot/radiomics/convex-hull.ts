// Convex hull of points in the plane (Andrew's monotone chain), with its area and perimeter: the
// denominators of solidity and convexity.

export interface Hull {
  area: number;
  perimeter: number;
  /** Hull vertices, counter-clockwise in y-up terms, as [x0, y0, x1, y1, ...]. */
  points: number[];
}

/** `xs`/`ys` are parallel coordinate arrays. Collinear points are dropped from the hull. */
export function convexHull(xs: ArrayLike<number>, ys: ArrayLike<number>): Hull {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]! || ys[a]! - ys[b]!);
  const cross = (o: number, a: number, b: number): number => (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!);
  const lower: number[] = [];
  for (const i of order) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = order.length - 1; k >= 0; k -= 1) {
    const i = order[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, i) <= 0) upper.pop();
    upper.push(i);
  }
  const chain = n < 2 ? order : lower.slice(0, -1).concat(upper.slice(0, -1));
  let area = 0;
  let perimeter = 0;
  const points: number[] = [];
  for (let k = 0; k < chain.length; k += 1) {
    const a = chain[k]!;
    const b = chain[(k + 1) % chain.length]!;
    area += xs[a]! * ys[b]! - xs[b]! * ys[a]!;
    perimeter += Math.hypot(xs[b]! - xs[a]!, ys[b]! - ys[a]!);
    points.push(xs[a]!, ys[a]!);
  }
  return { area: Math.abs(area) / 2, perimeter: chain.length < 2 ? 0 : perimeter, points };
}
