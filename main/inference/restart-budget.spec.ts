import { describe, expect, it } from 'vitest';
import { RestartBudget } from './restart-budget';

describe('RestartBudget', () => {
  it('allows max restarts per window, then refuses until the window has passed', () => {
    let now = 0;
    const budget = new RestartBudget(3, 10_000, () => now);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, true]);
    now = 9_999;
    expect(budget.take()).toBe(false);
    now = 10_001;
    expect(budget.take()).toBe(true);
  });

  it('starts afresh after reset', () => {
    const budget = new RestartBudget(1, 10_000, () => 0);
    expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
    budget.reset();
    expect(budget.take()).toBe(true);
  });
});
