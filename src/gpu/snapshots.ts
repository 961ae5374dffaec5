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
  private readonly slots: (SnapshotSlot | null)[] = [null, null];
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

  /** Forgets every snapshot: after a rollback, those taken since hold diverged weights. */
  clear(): void {
    this.slots.fill(null);
  }

  /**
   * The newest slot taken strictly before `firstBadSubmit`: that also survives a corruption that
   * happened between submits (the snapshot at the bad submit's start would hold it). Only when
   * none is older does the one taken at the bad submit itself serve.
   */
  goodBefore(firstBadSubmit: number): { slot: number; step: number } | null {
    const newest = (accept: (at: number) => boolean): number => {
      let best = -1;
      this.slots.forEach((s, slot) => {
        if (s && accept(s.takenAtSubmit) && (best < 0 || s.takenAtSubmit > this.slots[best]!.takenAtSubmit)) best = slot;
      });
      return best;
    };
    let best = newest((at) => at < firstBadSubmit);
    if (best < 0) best = newest((at) => at === firstBadSubmit);
    return best < 0 ? null : { slot: best, step: this.slots[best]!.step };
  }
}
