// Bars (probabilities, training progress) get their width from script: the CSP forbids inline style
// attributes, but setting element.style from script is allowed. Used as `use:barWidth={fraction}`.
export function widthOf(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '100%';
  return `${(Math.min(Math.max(fraction, 0), 1) * 100).toFixed(1)}%`;
}

export function barWidth(node: { style: { width: string } }, fraction: number | null): { update(next: number | null): void } {
  node.style.width = widthOf(fraction);
  return {
    update(next) {
      node.style.width = widthOf(next);
    },
  };
}
