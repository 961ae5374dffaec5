// The pace of a training run's submits, read off the metrics each submit copies back: the
// losses and accuracies decoded, a divergence or a missing submit spotted, the throughput
// smoothed, the steps of the next submit sized to about TARGET_SUBMIT_SECONDS, and the submits
// queued on the device kept to what a pause can wait for (submitPace).
import { lossDiverged } from '../model/run-clock.ts';
import { MAX_STEPS_PER_SUBMIT } from './train-plan.ts';

/** Aim for submits of about this many seconds: long enough to amortise, short enough to pause. */
const TARGET_SUBMIT_SECONDS = 0.05;
/**
 * A pause waits for the submits already queued on the device: keep no more queued than this many
 * seconds of work, and never fewer than one submit of one step (a step cannot be cut).
 */
export const QUEUED_SECONDS = 1;

export interface SubmitPace {
  /** Steps the next submit holds. */
  stepsPerSubmit: number;
  /** Submits that may be queued on the device at once (a pause waits for them all). */
  submitsInFlight: number;
}

/**
 * The pace for steps of `secondsPerStep`: submits of about TARGET_SUBMIT_SECONDS (one step at
 * least, MAX_STEPS_PER_SUBMIT at most), and as many queued as fit in QUEUED_SECONDS (one at
 * least, `ringSize` at most). A step longer than QUEUED_SECONDS is the floor: one step queued.
 */
export function submitPace(secondsPerStep: number, ringSize: number): SubmitPace {
  const stepsPerSubmit = Math.max(1, Math.min(MAX_STEPS_PER_SUBMIT, Math.round(TARGET_SUBMIT_SECONDS / secondsPerStep)));
  const submitsInFlight = Math.max(1, Math.min(ringSize, Math.floor(QUEUED_SECONDS / (stepsPerSubmit * secondsPerStep))));
  return { stepsPerSubmit, submitsInFlight };
}

/**
 * Written into a readback buffer before each submit's metrics are copied over it. A correct-count
 * of -1 cannot come from the loss kernel: read back, it means the submit never ran (an invalid
 * buffer or command), which must stop training rather than show a loss of 0.
 */
export const MISSING_METRICS = new Float32Array(MAX_STEPS_PER_SUBMIT * 2).fill(-1);

export type DecodedMetrics =
  | { kind: 'missing' }
  /** `badAt`: the index of the first non-finite or exploded loss, or -1. */
  | { kind: 'read'; loss: Float32Array; accuracy: Float32Array; badAt: number };

export class SubmitPacer {
  /** Steps the next submit may hold. */
  stepsPerSubmit = 1;
  /** Submits that may be queued at once: one until a step has been timed (it may be a long one). */
  submitsInFlight = 1;
  /** Smoothed training throughput, images/s. */
  samplesPerSecond = 0;
  private lastRead = 0;

  constructor(
    private readonly batchSize: number,
    /** The readback ring's size: the most submits that can be in flight. */
    private readonly ringSize: number,
    /** Milliseconds, as performance.now() gives them. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A trainSteps call begins: the time to the first metrics counts from here. */
  begin(): void {
    this.lastRead = this.now();
  }

  /** Decodes `k` steps of raw metrics (mean loss, correct count per step) and paces the next submit by their arrival. */
  read(raw: Float32Array, k: number): DecodedMetrics {
    if (raw[1] < 0) return { kind: 'missing' };
    const loss = new Float32Array(k);
    const accuracy = new Float32Array(k);
    let badAt = -1;
    for (let i = 0; i < k; i++) {
      loss[i] = raw[2 * i];
      accuracy[i] = raw[2 * i + 1] / this.batchSize;
      if (badAt < 0 && lossDiverged(loss[i])) badAt = i;
    }
    const now = this.now();
    const seconds = (now - this.lastRead) / 1000;
    this.lastRead = now;
    if (seconds > 0) {
      const rate = (k * this.batchSize) / seconds;
      this.samplesPerSecond = this.samplesPerSecond === 0 ? rate : 0.8 * this.samplesPerSecond + 0.2 * rate;
      ({ stepsPerSubmit: this.stepsPerSubmit, submitsInFlight: this.submitsInFlight } = submitPace(seconds / k, this.ringSize));
    }
    return { kind: 'read', loss, accuracy, badAt };
  }
}
