// The one engine a service runs on an installed model (SAM2 or GrowCut; CLIP or radiomics), opened on
// first use: loading a model's graphs takes seconds, so it waits for the first call instead of slowing
// start-up. A failed open is forgotten so the next call tries again; reload() (a model was added or
// removed) and close() release what was opened.

export class ModelSlot<T> {
  private opening: Promise<T> | null = null;
  private closed = false;

  /** `what` names the service in the closed-slot error; `release` frees an opened value. */
  constructor(
    private readonly what: string,
    private readonly openValue: () => Promise<T>,
    private readonly release: (value: T) => Promise<void>,
  ) {}

  get(): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`The ${this.what} service has been closed.`));
    if (!this.opening) {
      const opening = this.openValue();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    return this.opening;
  }

  /** The next get() opens anew (whatever is installed then); the value opened so far is released. */
  async reload(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const opened = await opening?.catch(() => null);
    if (opened) await this.release(opened);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.reload();
  }
}
