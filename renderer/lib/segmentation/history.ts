// Undo and redo as two stacks of actions. The actions themselves (what a step changed, how to take it
// back) belong to the caller; this keeps the order, the limit, and the rule that a new action clears
// what could be redone.
export class History<A> {
  #done: A[] = [];
  #undone: A[] = [];
  readonly #limit: number;

  constructor(limit = 200) {
    this.#limit = limit;
  }

  get canUndo(): boolean {
    return this.#done.length > 0;
  }

  get canRedo(): boolean {
    return this.#undone.length > 0;
  }

  get size(): { done: number; undone: number } {
    return { done: this.#done.length, undone: this.#undone.length };
  }

  push(action: A): void {
    this.#done.push(action);
    if (this.#done.length > this.#limit) this.#done.shift();
    this.#undone = [];
  }

  /** The action to take back, moved to the redo stack; null when there is none. */
  undo(): A | null {
    const action = this.#done.pop();
    if (action === undefined) return null;
    this.#undone.push(action);
    return action;
  }

  /** The action to do again, moved back to the undo stack; null when there is none. */
  redo(): A | null {
    const action = this.#undone.pop();
    if (action === undefined) return null;
    this.#done.push(action);
    return action;
  }

  /** Puts an action back where it came from after undoing or redoing it failed. */
  restoreAfterFailedUndo(action: A): void {
    if (this.#undone[this.#undone.length - 1] === action) this.#done.push(this.#undone.pop()!);
  }

  restoreAfterFailedRedo(action: A): void {
    if (this.#done[this.#done.length - 1] === action) this.#undone.push(this.#done.pop()!);
  }

  clear(): void {
    this.#done = [];
    this.#undone = [];
  }
}
