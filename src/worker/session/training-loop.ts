// The training loop as one state machine: its state (the protocol's TrainState), the loop in
// flight and whether it is being stopped live here and change only through these methods. It
// trains the model in use epoch by epoch, tests it at each epoch's end, and reports progress.
import { progressReport } from '../progress-report.ts';
import type { TrainState } from '../protocol.ts';
import { messageOf } from './messages.ts';
import type { Loop, SessionParts } from './parts.ts';

const PROGRESS_SECONDS = 0.25;

export class TrainingLoop implements Loop {
  private current: TrainState = 'loading';
  /** The loop in flight, from start until a stop (or a recovery) has taken it. */
  private running: Promise<void> | null = null;
  /** Set while a stop waits for the submitted steps to land. */
  private stopping = false;
  private lastProgress = 0;

  constructor(
    private readonly parts: SessionParts,
    /** The test of the model in use (the session's, shared with requests from the page). */
    private readonly evaluate: () => Promise<unknown>,
  ) {}

  get state(): TrainState {
    return this.current;
  }

  get training(): boolean {
    return this.current === 'training';
  }

  /** A model is ready and not training: fresh, resumed from a save at a step, or at its run's end. */
  settle(state: 'idle' | 'paused' | 'done'): void {
    this.current = state;
  }

  fail(): void {
    this.current = 'failed';
  }

  pauseIfTraining(): void {
    if (this.current === 'training') this.current = 'paused';
  }

  /** Starts the loop on the model in use. */
  run(): void {
    this.current = 'training';
    this.progress(true);
    this.running = this.trainLoop().catch((e: unknown) => {
      this.current = 'failed';
      this.parts.emit({ type: 'error', message: `Training stopped: ${messageOf(e)}`, fatal: false });
      this.progress(true);
    });
  }

  /** Stops the loop and pauses, saving where it stands. */
  async pause(): Promise<void> {
    if (this.current !== 'training') return;
    await this.stop();
    this.current = 'paused';
    this.progress(true);
    void this.parts.saves.now();
  }

  /** Ends the loop after its submitted steps land; until then the state stays 'training'. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.parts.slot.model?.stop();
    try {
      await this.running;
    } finally {
      this.running = null;
      this.stopping = false;
    }
  }

  /** The device is gone with the model the loop trained: the loop ends on its own, nobody waits for it. */
  forget(): void {
    this.running = null;
  }

  private async trainLoop(): Promise<void> {
    const { slot, saves } = this.parts;
    const t = slot.need();
    // A recovered device brings a new model; this loop then belongs to the old one and ends.
    const mine = () => this.current === 'training' && !this.stopping && slot.model === t;
    while (mine() && !t.done) {
      const toEpochEnd = t.stepsPerEpoch - (t.stepsDone % t.stepsPerEpoch);
      await t.trainSteps(toEpochEnd);
      const d = t.takeDivergence();
      if (d) {
        this.current = 'paused';
        this.parts.keeper.rollBack(d.restoredStep);
        this.parts.emit({
          type: 'notice',
          message: `Training paused: the loss became ${d.loss} at step ${d.step}. The weights from step ${d.restoredStep} were restored; try a lower learning rate.`,
        });
        void saves.now();
        break;
      }
      if (!mine()) break;
      if (t.stepsDone % t.stepsPerEpoch === 0) {
        await this.evaluate();
        // After the test, so the saved run holds it.
        void saves.now();
      }
    }
    // A stop's caller sets the next state once the in-flight steps have landed.
    if (slot.model !== t || this.stopping) return;
    if (t.done && this.current === 'training') {
      this.current = 'done';
      void saves.now();
    }
    this.progress(true);
  }

  /** The progress event, at most every PROGRESS_SECONDS unless forced. */
  progress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_SECONDS * 1000) return;
    this.lastProgress = now;
    const { slot } = this.parts;
    this.parts.emit({ type: 'progress', progress: progressReport(this.current, slot.model, slot.config) });
  }
}
