import { describe, expect, it } from 'vitest';
import { barWidth, widthOf } from './bar-width';

describe('bar widths from script', () => {
  it('clamps to 0–100 % and shows an unknown amount as full (the bar pulses then)', () => {
    expect(widthOf(0.815)).toBe('81.5%');
    expect(widthOf(-1)).toBe('0.0%');
    expect(widthOf(3)).toBe('100.0%');
    expect(widthOf(null)).toBe('100%');
  });

  it('sets and updates the element’s width', () => {
    const node = { style: { width: '' } };
    const action = barWidth(node, 0.25);
    expect(node.style.width).toBe('25.0%');
    action.update(0.5);
    expect(node.style.width).toBe('50.0%');
  });
});
