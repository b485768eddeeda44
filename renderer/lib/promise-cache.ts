// A bounded cache of in-flight or settled lookups (instance lists, tag lists). Not state: nothing
// renders from it. A failed lookup is forgotten so the next ask tries again.
export class PromiseCache<V> {
  readonly #entries = new Map<string, Promise<V>>();
  readonly #limit: number;

  constructor(limit = Infinity) {
    this.#limit = limit;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const pending = load();
    this.#entries.set(key, pending);
    pending.catch(() => {
      if (this.#entries.get(key) === pending) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    return pending;
  }

  clear(): void {
    this.#entries.clear();
  }
}
