// Bookkeeping that nothing renders from: which requests are current, which frames have one in flight,
// which results became accepted segments. Plain collections on purpose (no reactivity needed), kept out
// of the .svelte.ts state files.

/** A counter per key: bumped when the work on a frame is rejected or undone, so late answers are dropped. */
export class Epochs {
  readonly #values = new Map<string, number>();

  get(key: string): number {
    return this.#values.get(key) ?? 0;
  }

  bump(key: string): void {
    this.#values.set(key, this.get(key) + 1);
  }
}

/** A set of keys (frames with a request in flight, series being listed). */
export class KeySet {
  readonly #keys = new Set<string>();

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(key: string): void {
    this.#keys.add(key);
  }

  delete(key: string): void {
    this.#keys.delete(key);
  }
}

/** Strings by key (the result an accepted segment came from, by frame). */
export class KeyMap<V> {
  readonly #values = new Map<string, V>();

  get(key: string): V | undefined {
    return this.#values.get(key);
  }

  set(key: string, value: V): void {
    this.#values.set(key, value);
  }

  delete(key: string): void {
    this.#values.delete(key);
  }
}
