// How often a crashed host may be restarted. A model that kills the host on load would otherwise be
// reloaded and crash again forever; past the budget the host stays stopped until asked to restart.

export class RestartBudget {
  private times: number[] = [];

  constructor(
    readonly max = 3,
    readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a restart and says yes if fewer than `max` happened in the last `windowMs`. */
  take(): boolean {
    const t = this.now();
    this.times = this.times.filter((at) => t - at < this.windowMs);
    if (this.times.length >= this.max) return false;
    this.times.push(t);
    return true;
  }

  reset(): void {
    this.times = [];
  }
}
