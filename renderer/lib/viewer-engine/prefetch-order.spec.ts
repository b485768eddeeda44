import { describe, expect, it } from 'vitest';
import { fitsCache, neighbourOrder } from './prefetch-order';

describe('neighbourOrder', () => {
  it('fetches ahead in the scroll direction first, then behind', () => {
    expect(neighbourOrder(5, 20, 1, 3, 2)).toEqual([6, 4, 7, 3, 8]);
    expect(neighbourOrder(5, 20, -1, 3, 2)).toEqual([4, 6, 3, 7, 2]);
    expect(neighbourOrder(0, 3, 1, 6, 3)).toEqual([1, 2]);
  });

  it('with the rest of the stack, lists every other frame once, nearest first', () => {
    const order = neighbourOrder(2, 8, 1, 2, 1, true);
    expect(order.slice(0, 3)).toEqual([3, 1, 4]);
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 5, 6, 7]);
  });
});

describe('fitsCache', () => {
  it('takes a 300-slice 512² CT into a 512 MB cache, not a 2000-slice one', () => {
    expect(fitsCache(300, 512, 512, 512 * 1024 * 1024)).toBe(true);
    expect(fitsCache(2000, 512, 512, 512 * 1024 * 1024)).toBe(false);
  });
});
