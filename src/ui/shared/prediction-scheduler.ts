// Asks for predictions while the user draws: at most one request in flight, at most one every
// `intervalMs`, and always the latest image (older pending images are dropped, never queued).
// flush() (the pen lifted) skips the interval but still waits for the request in flight.

export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: SchedulerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class PredictionScheduler<Input, Output> {
  private pending: Input | null = null;
  private inFlight = false;
  private lastSent = -Infinity;
  private timer: unknown = null;
  // flush() was asked for: send without waiting out the interval.
  private urgent = false;
  // Bumped by cancel(): answers to requests sent before it are dropped.
  private generation = 0;

  constructor(
    private readonly run: (input: Input) => Promise<Output>,
    private readonly onResult: (output: Output) => void,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs: number,
    private readonly clock: SchedulerClock = realClock,
  ) {}

  /** While drawing: throttled. */
  request(input: Input): void {
    this.pending = input;
    this.pump(false);
  }

  /** On release: sent as soon as nothing is in flight, without waiting for the interval. */
  flush(input: Input): void {
    this.pending = input;
    this.pump(true);
  }

  /** Forgets pending work and ignores answers still on their way (the pad was cleared). */
  cancel(): void {
    this.pending = null;
    this.generation++;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(urgent: boolean): void {
    this.urgent ||= urgent;
    if (this.inFlight || this.pending === null) return;
    if (this.timer !== null) {
      // A throttled send is already due; only a flush brings it forward.
      if (!urgent) return;
      this.clock.clearTimeout(this.timer);
    }
    // Always from a timer, never inside the caller's task: a pointer event only draws, and the
    // reading, preprocessing and sending run as a task of their own.
    const wait = this.urgent ? 0 : Math.max(0, this.lastSent + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.inFlight && this.pending !== null) this.send(this.pending);
    }, wait);
  }

  private send(input: Input): void {
    const generation = this.generation;
    this.pending = null;
    this.urgent = false;
    this.inFlight = true;
    this.lastSent = this.clock.now();
    void this.run(input)
      .then(
        (output) => {
          if (generation === this.generation) this.onResult(output);
        },
        (error: unknown) => {
          if (generation === this.generation) this.onError(error);
        },
      )
      .finally(() => {
        this.inFlight = false;
        this.pump(false);
      });
  }
}
