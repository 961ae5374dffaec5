// When the run is written: at most once per interval while training (tick, called on every
// metrics readback), and at once on a pause, an epoch's end or a change of model (now). One write
// at a time: a request during a write is served by one more write after it, so the last state
// asked for is always the one that lands, and writes never pile up behind a slow disk.

export class SaveScheduler {
  private running: Promise<void> | null = null;
  private again = false;
  private lastStart = -Infinity;

  constructor(
    /** Reads the state and writes it; reports its own failures (a rejection is ignored here). */
    private readonly write: () => Promise<void>,
    readonly intervalMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Writes if the last write began at least an interval ago and none is running. */
  tick(): void {
    if (this.running || this.clock() - this.lastStart < this.intervalMs) return;
    void this.start();
  }

  /** Writes now, or once more after the write in progress; resolves when that write has landed. */
  now(): Promise<void> {
    if (!this.running) return this.start();
    this.again = true;
    return this.running;
  }

  /** Resolves when no write is running. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private start(): Promise<void> {
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        this.lastStart = this.clock();
        try {
          await this.write();
        } catch {
          // The writer has said what went wrong; the schedule goes on.
        }
      } while (this.again);
      this.running = null;
    };
    this.running = run();
    return this.running;
  }
}
