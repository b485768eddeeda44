import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('undoes and redoes in order; a new action drops the redo stack', () => {
    const history = new History<string>();
    history.push('a');
    history.push('b');
    expect(history.undo()).toBe('b');
    expect(history.canRedo).toBe(true);
    expect(history.redo()).toBe('b');
    expect(history.undo()).toBe('b');
    history.push('c');
    expect(history.canRedo).toBe(false);
    expect(history.undo()).toBe('c');
    expect(history.undo()).toBe('a');
    expect(history.undo()).toBeNull();
  });

  it('keeps at most the limit', () => {
    const history = new History<number>(3);
    for (let i = 0; i < 5; i += 1) history.push(i);
    expect(history.size.done).toBe(3);
    expect([history.undo(), history.undo(), history.undo(), history.undo()]).toEqual([4, 3, 2, null]);
  });

  it('puts an action back when taking it back failed', () => {
    const history = new History<string>();
    history.push('accept');
    const action = history.undo()!;
    history.restoreAfterFailedUndo(action);
    expect(history.size).toEqual({ done: 1, undone: 0 });
    history.undo();
    const again = history.redo()!;
    history.restoreAfterFailedRedo(again);
    expect(history.size).toEqual({ done: 0, undone: 1 });
  });
});
