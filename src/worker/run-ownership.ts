// The session's side of owning the saved run (persist/run-owner.ts): it claims the run when it
// connects and says whether it got it, refuses changes to a run another tab owns, pauses and
// saves when another tab asks for it, and stops training at once when the run is taken from it.
import type { NotOwnedWhy, RunOwner } from './persist/run-owner.ts';
import type { SessionParts } from './session/parts.ts';

export const NOT_OWNED_MESSAGE = 'this run is open in another tab: take it over here to change it';

export class RunOwnership {
  constructor(
    private readonly parts: SessionParts,
    private readonly owner: RunOwner,
  ) {}

  get owned(): boolean {
    return this.owner.owned;
  }

  /** Claims the run (see RunOwner.claim) and tells the page whether this tab owns it. */
  async claim(takeOver: boolean): Promise<void> {
    const owned = await this.owner.claim(takeOver, { handOver: () => this.handOver(), lost: (why) => this.lost(why) });
    this.parts.emit({ type: 'ownership', owned, why: owned ? null : 'open-elsewhere' });
  }

  /** Throws when another tab owns the run: changing it (training, a new model) is that tab's. */
  need(): void {
    if (!this.owner.owned) throw new Error(NOT_OWNED_MESSAGE);
  }

  /** The last state is written before the lock goes, so the tab that takes over reads all of it. */
  private async handOver(): Promise<void> {
    const { loop, saves } = this.parts;
    await loop.pause();
    await saves.now();
  }

  private lost(why: NotOwnedWhy): void {
    this.parts.emit({ type: 'ownership', owned: false, why });
    // Training on would be work no save keeps.
    void this.parts.loop.pause();
  }
}
