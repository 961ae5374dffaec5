// The batch order Inkling's trainer follows (src/gpu/trainer.ts): epochs of floor(count / batch)
// steps, each epoch a seeded shuffle, step s reading batch × s onward. TF.js is fed the same.
import { shuffledIndices } from '../../src/data/shuffle.ts';

export class BatchOrder {
  readonly stepsPerEpoch: number;
  private epoch = -1;
  private order: Uint32Array<ArrayBuffer> = new Uint32Array(0);

  constructor(
    readonly count: number,
    readonly batch: number,
    readonly seed: number,
  ) {
    this.stepsPerEpoch = Math.floor(count / batch);
    if (this.stepsPerEpoch < 1) throw new Error(`batch ${batch} is larger than the ${count} training images`);
  }

  /** The shuffled order of the epoch that `step` (0-based) falls in, and where its batch starts. */
  at(step: number): { epoch: number; order: Uint32Array<ArrayBuffer>; cursor: number; changed: boolean } {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    const changed = epoch !== this.epoch;
    if (changed) {
      this.order = shuffledIndices(this.count, this.seed, epoch);
      this.epoch = epoch;
    }
    return { epoch, order: this.order, cursor: (step % this.stepsPerEpoch) * this.batch, changed };
  }

  /** The training-set indices of step `step`'s batch. */
  indices(step: number): Uint32Array {
    const { order, cursor } = this.at(step);
    return order.subarray(cursor, cursor + this.batch);
  }
}
