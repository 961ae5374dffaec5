// Keeps a training run able to step back from a diverged loss: it snapshots the live state
// inside the command stream every few submits (see SnapshotBook), notes the first submit whose
// loss went bad, and puts the newest good snapshot back.
import type { Divergence } from '../model/engine.ts';
import { SnapshotBook } from './snapshots.ts';
import { liveList, METRICS_READBACK, type TrainPlan } from './train-plan.ts';

export class DivergenceGuard {
  private readonly book = new SnapshotBook(METRICS_READBACK.count + 1);
  private submits = 0;
  private firstBad: number | null = null;
  private diverged: Divergence | null = null;

  constructor(
    private readonly device: GPUDevice,
    private readonly plan: TrainPlan,
  ) {}

  /** The next submit's number. */
  nextSubmit(): number {
    return this.submits++;
  }

  /** When a snapshot is due at this submit, copies the live state into its slot at the submit's start. */
  snapshotIfDue(encoder: GPUCommandEncoder, submit: number, step: number): void {
    const slot = this.book.due(submit, step);
    if (slot !== null) this.copy(encoder, slot, 'save');
  }

  /** A submit's loss went bad at `step`; the first such submit is the one rolled back to before. */
  noteBad(submit: number, step: number, loss: number): void {
    if (this.firstBad !== null) return;
    this.firstBad = submit;
    this.diverged = { step, loss, restoredStep: 0 };
  }

  get tripped(): boolean {
    return this.firstBad !== null;
  }

  /** Puts the newest snapshot taken before the first bad submit back; resolves to its step. */
  async rollBack(): Promise<number> {
    const good = this.book.goodBefore(this.firstBad!);
    if (!good) throw new Error('training diverged and no good snapshot was found');
    const encoder = this.device.createCommandEncoder({ label: 'restore snapshot' });
    this.copy(encoder, good.slot, 'restore');
    this.device.queue.submit([encoder.finish()]);
    await this.device.queue.onSubmittedWorkDone();
    this.diverged!.restoredStep = good.step;
    this.firstBad = null;
    // Later snapshots hold diverged weights: start the book over from the restored state.
    this.submits = 0;
    this.book.clear();
    return good.step;
  }

  /** The divergence that stopped training, once: reading it clears it. */
  take(): Divergence | null {
    const d = this.diverged;
    this.diverged = null;
    return d;
  }

  private copy(encoder: GPUCommandEncoder, slot: number, direction: 'save' | 'restore'): void {
    const saved = liveList(this.plan.snapshots[slot]);
    liveList(this.plan).forEach((b, i) => {
      if (direction === 'save') encoder.copyBufferToBuffer(b, 0, saved[i], 0, b.size);
      else encoder.copyBufferToBuffer(saved[i], 0, b, 0, b.size);
    });
  }
}
