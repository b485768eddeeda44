import { describe, expect, it } from 'vitest';
import { chooseUncertainBelow, defaultUncertainBelow } from './uncertainty';

describe('the uncertain threshold', () => {
  it('defaults to halfway between chance and certainty', () => {
    expect(defaultUncertainBelow(2)).toBe(0.75);
    expect(defaultUncertainBelow(4)).toBeCloseTo(0.625, 12);
  });

  it('cuts above the least confident predictions that are no better than a coin', () => {
    // Least confident first, Laplace accuracy of the group so far: 1/3, 1/4, 2/5, 2/6, 3/7 (< ½), then
    // 4/8 (= ½, a coin). So the five least confident are "uncertain": the cut is between 0.7 and 0.8.
    const top = [0.9, 0.4, 0.45, 0.95, 0.5, 0.55, 0.7, 0.8];
    const correct = [true, false, false, true, true, false, true, true];
    expect(chooseUncertainBelow(top, correct, 3)).toBeCloseTo((0.7 + 0.8) / 2, 12);
  });

  it('with every CV prediction right, flags only what is less confident than all of them (capped at the default)', () => {
    expect(chooseUncertainBelow([0.9, 0.95, 0.99], [true, true, true], 2)).toBe(0.75);
    expect(chooseUncertainBelow([0.6, 0.95, 0.99], [true, true, true], 2)).toBe(0.6);
  });

  it('does not cut between equal probabilities', () => {
    const t = chooseUncertainBelow([0.5, 0.5, 0.5, 0.9], [false, false, true, true], 2);
    expect(t).toBeCloseTo(0.7, 12);
  });
});
