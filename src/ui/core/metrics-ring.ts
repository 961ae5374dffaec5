// Per-step training metrics arrive many times a second; they go into this ring and straight to
// the charts (through subscribe), never through React state, so training never re-renders the page.
import type { MetricHistory } from '../../worker/protocol';

export interface MetricsView {
  steps: Float64Array;
  loss: Float64Array;
  lossSmoothed: Float64Array;
  accuracy: Float64Array;
  accuracySmoothed: Float64Array;
}

type Listener = () => void;

export class MetricsRing {
  private readonly steps: Float64Array;
  private readonly loss: Float64Array;
  private readonly lossSmoothed: Float64Array;
  private readonly accuracy: Float64Array;
  private readonly accuracySmoothed: Float64Array;
  private start = 0; // index of the oldest entry
  private count = 0;
  private lastStep = -1;
  private emaLoss = NaN;
  private emaAccuracy = NaN;
  private readonly listeners = new Set<Listener>();

  /** `smoothing` is the EMA weight kept from the past: higher is smoother. */
  constructor(
    readonly capacity: number,
    private readonly smoothing = 0.95,
  ) {
    this.steps = new Float64Array(capacity);
    this.loss = new Float64Array(capacity);
    this.lossSmoothed = new Float64Array(capacity);
    this.accuracy = new Float64Array(capacity);
    this.accuracySmoothed = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The step of the newest entry, or -1 when empty. */
  get latestStep(): number {
    return this.lastStep;
  }

  append(firstStep: number, loss: ArrayLike<number>, accuracy: ArrayLike<number>): void {
    this.appendSilently(firstStep, loss, accuracy);
    this.notify();
  }

  /** Starts over from a saved history: steps ascending, with gaps where a reload lost some. */
  load(history: MetricHistory): void {
    this.clearSilently();
    const { steps, loss, accuracy } = history;
    let begin = 0;
    for (let i = 1; i <= steps.length; i++) {
      if (i < steps.length && steps[i] === steps[i - 1] + 1) continue;
      if (i > begin) this.appendSilently(steps[begin], loss.subarray(begin, i), accuracy.subarray(begin, i));
      begin = i;
    }
    this.notify();
  }

  private appendSilently(firstStep: number, loss: ArrayLike<number>, accuracy: ArrayLike<number>): void {
    // Steps going backwards replace what came from that step on, as the worker's log does
    // (src/worker/persist/metric-log.ts): a run rolled back to a checkpoint (a lost GPU recovered,
    // a divergence undone) keeps the curve before it, and a run back at step 0 starts a new one.
    if (firstStep <= this.lastStep) this.dropFrom(firstStep);
    for (let i = 0; i < loss.length; i++) {
      const l = loss[i];
      const a = accuracy[i] ?? NaN;
      this.emaLoss = Number.isNaN(this.emaLoss) ? l : this.smoothing * this.emaLoss + (1 - this.smoothing) * l;
      this.emaAccuracy = Number.isNaN(this.emaAccuracy) ? a : this.smoothing * this.emaAccuracy + (1 - this.smoothing) * a;
      const at = (this.start + this.count) % this.capacity;
      this.steps[at] = firstStep + i;
      this.loss[at] = l;
      this.lossSmoothed[at] = this.emaLoss;
      this.accuracy[at] = a;
      this.accuracySmoothed[at] = this.emaAccuracy;
      if (this.count < this.capacity) this.count++;
      else this.start = (this.start + 1) % this.capacity;
    }
    if (loss.length > 0) this.lastStep = firstStep + loss.length - 1;
  }

  /** Drops the newest entries down to those before `step`, and the smoothing's state with them. */
  private dropFrom(step: number): void {
    while (this.count > 0 && this.steps[(this.start + this.count - 1) % this.capacity] >= step) this.count--;
    if (this.count === 0) {
      this.clearSilently();
      return;
    }
    const last = (this.start + this.count - 1) % this.capacity;
    this.lastStep = this.steps[last];
    this.emaLoss = this.lossSmoothed[last];
    this.emaAccuracy = this.accuracySmoothed[last];
  }

  clear(): void {
    this.clearSilently();
    this.notify();
  }

  /** The entries oldest first, copied out (the charts keep them). */
  view(): MetricsView {
    const take = (ring: Float64Array): Float64Array => {
      const out = new Float64Array(this.count);
      const head = Math.min(this.count, this.capacity - this.start);
      out.set(ring.subarray(this.start, this.start + head), 0);
      out.set(ring.subarray(0, this.count - head), head);
      return out;
    };
    return {
      steps: take(this.steps),
      loss: take(this.loss),
      lossSmoothed: take(this.lossSmoothed),
      accuracy: take(this.accuracy),
      accuracySmoothed: take(this.accuracySmoothed),
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private clearSilently(): void {
    this.start = 0;
    this.count = 0;
    this.lastStep = -1;
    this.emaLoss = NaN;
    this.emaAccuracy = NaN;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The app's one ring: enough for 50 000 steps, i.e. every step of most runs. */
export const metricsRing = new MetricsRing(50_000);
