// Which frames to fetch ahead, and whether a whole stack is worth it. Pure, so it is unit-tested.

/**
 * Frames around `index` in the order worth fetching: a few ahead in the scroll direction, a few
 * behind, then (with `rest`) the remainder of the stack, nearest first, so a series that fits the
 * cache is all there after a short while.
 */
export function neighbourOrder(index: number, count: number, direction: 1 | -1, ahead = 6, behind = 3, rest = false): number[] {
  const order: number[] = [];
  const near = rest ? count : Math.max(ahead, behind);
  for (let step = 1; step <= near; step += 1) {
    if (rest || step <= ahead) order.push(index + direction * step);
    if (rest || step <= behind) order.push(index - direction * step);
  }
  const inRange = order.filter((i) => i >= 0 && i < count);
  if (!rest) return inRange;
  // Keep the close neighbours in their ahead/behind order, then everything else by distance.
  const first = neighbourOrder(index, count, direction, ahead, behind, false);
  const seen = new Set(first);
  return [...first, ...inRange.filter((i) => !seen.has(i))];
}

/** Whether a whole stack of this size is worth fetching ahead: at most half the frame cache. */
export function fitsCache(frames: number, rows: number, columns: number, cacheBytes: number): boolean {
  // Two bytes per pixel covers CT/MR; colour (4 per pixel in cornerstone) series are rarely long.
  return frames * rows * columns * 2 <= cacheBytes / 2;
}
