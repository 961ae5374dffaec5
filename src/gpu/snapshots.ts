// Which weight snapshot is known good. Snapshots are copied inside the command stream at the
// start of a submit, before the CPU has seen the losses of the submits still in flight, so a
// snapshot taken at submit n is good once every submit before n has reported finite losses.
// Two slots, taken every `every` submits with `every` > the submits in flight, always leave
// one slot that predates the first bad submit.

export interface SnapshotSlot {
  takenAtSubmit: number;
  step: number;
}

export class SnapshotBook {
  readonly slots: (SnapshotSlot | null)[] = [null, null];
  private next = 0;

  constructor(readonly every: number) {}

  /** Whether to snapshot at this submit; if so, returns the slot to copy into. */
  due(submit: number, step: number): number | null {
    if (submit % this.every !== 0) return null;
    const slot = this.next;
    this.slots[slot] = { takenAtSubmit: submit, step };
    this.next = 1 - slot;
    return slot;
  }

  /** The newest slot holding the state from before `firstBadSubmit`. */
  goodBefore(firstBadSubmit: number): { slot: number; step: number } | null {
    let best = -1;
    this.slots.forEach((s, slot) => {
      if (s && s.takenAtSubmit <= firstBadSubmit && (best < 0 || s.takenAtSubmit > this.slots[best]!.takenAtSubmit)) best = slot;
    });
    return best < 0 ? null : { slot: best, step: this.slots[best]!.step };
  }
}
