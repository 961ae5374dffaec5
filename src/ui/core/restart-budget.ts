// How often a dead engine worker is started again: a worker that dies at every start (a saved
// run that crashes it, a browser out of memory) must end on a message, not restart forever.

const WINDOW_MS = 5 * 60_000;

export class RestartBudget {
  private readonly times: number[] = [];

  constructor(
    readonly limit = 3,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Whether one more restart at `now` (ms) is within the budget; counts it if so. */
  allow(now: number): boolean {
    while (this.times.length > 0 && now - this.times[0] > this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}
