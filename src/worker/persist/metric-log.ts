// The run's per-step training metrics as the worker saw them, kept so that a reloaded page gets its
// charts back. It follows the chart's rule: steps that go backwards (a rollback after divergence,
// a restored checkpoint) replace what was logged from that step on.
import type { MetricHistory } from '../protocol.ts';

/** As many steps as the page's chart keeps (src/ui/metrics-ring.ts). */
export const METRIC_LOG_CAPACITY = 50_000;

export class MetricLog {
  private steps: number[] = [];
  private loss: number[] = [];
  private accuracy: number[] = [];

  constructor(readonly capacity = METRIC_LOG_CAPACITY) {}

  get size(): number {
    return this.steps.length;
  }

  append(firstStep: number, loss: ArrayLike<number>, accuracy: ArrayLike<number>): void {
    this.dropFrom(firstStep);
    for (let i = 0; i < loss.length; i++) {
      this.steps.push(firstStep + i);
      this.loss.push(loss[i]);
      this.accuracy.push(accuracy[i]);
    }
    // Trimmed in chunks, not per step: a splice of the whole array per step would cost more than the step.
    const over = this.steps.length - this.capacity;
    if (over > Math.max(1, this.capacity >> 4)) {
      for (const a of [this.steps, this.loss, this.accuracy]) a.splice(0, over);
    }
  }

  /** The logged steps up to and including `step` (what a checkpoint of that step has seen), at most `capacity`. */
  upTo(step: number): MetricHistory {
    let end = this.steps.length;
    while (end > 0 && this.steps[end - 1] > step) end--;
    const begin = Math.max(0, end - this.capacity);
    return {
      steps: Uint32Array.from(this.steps.slice(begin, end)),
      loss: Float32Array.from(this.loss.slice(begin, end)),
      accuracy: Float32Array.from(this.accuracy.slice(begin, end)),
    };
  }

  /** Starts over from a saved history (or empty). */
  reset(from?: MetricHistory): void {
    this.steps = from ? Array.from(from.steps) : [];
    this.loss = from ? Array.from(from.loss) : [];
    this.accuracy = from ? Array.from(from.accuracy) : [];
  }

  private dropFrom(step: number): void {
    let end = this.steps.length;
    while (end > 0 && this.steps[end - 1] >= step) end--;
    if (end === this.steps.length) return;
    this.steps.length = end;
    this.loss.length = end;
    this.accuracy.length = end;
  }
}
