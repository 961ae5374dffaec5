// Which tab owns the saved run. The browser keeps one run per origin (run-keeper.ts), so two tabs
// that both wrote it would overwrite each other's work without a word. One tab at a time owns it,
// by the browser's own Web Locks (held by the engine worker, freed by the browser when the worker
// or its tab ends); the others open it read-only and write nothing until the user takes it over.
// Taking over asks the owner, over a BroadcastChannel, to pause, save and let go, so nothing is
// lost; an owner that does not answer in time (a hung tab) has the lock stolen from it, and the
// browser tells it at once.

/** Why this tab does not own the run: another tab did when it opened, or took it over since. */
export type NotOwnedWhy = 'open-elsewhere' | 'taken-over';

export interface OwnerHooks {
  /** Another tab asks for the run: pause and save it; the lock goes when this resolves. */
  handOver(): Promise<void>;
  /** The run is no longer this tab's (handed over, or stolen from it). */
  lost(why: NotOwnedWhy): void;
}

export interface RunOwner {
  /** Whether this session may write the run now. */
  readonly owned: boolean;
  /**
   * Tries to own the run. A lock a worker of this tab just left is waited for briefly; one
   * another tab holds is asked for when `takeOver` (and stolen when it is not handed over in
   * time), and left to it otherwise. Resolves with whether this session owns the run.
   */
  claim(takeOver: boolean, hooks: OwnerHooks): Promise<boolean>;
}

/** A session with nothing to share the run with (tests, the command line) always owns it. */
export const SOLE_OWNER: RunOwner = { owned: true, claim: () => Promise.resolve(true) };

export const RUN_LOCK = 'inkling-run';

/** How long a claim waits for the lock before it goes read-only: a restarted worker's predecessor frees it within this. */
const FREE_WAIT_MS = 2_000;
/** How long the owner has to pause and save before the lock is taken from it. */
const HAND_OVER_MS = 15_000;

interface HandOverMessage {
  type: 'hand-over';
}

export class LockedRun implements RunOwner {
  private held = false;
  private release: (() => void) | null = null;
  private hooks: OwnerHooks | null = null;

  /** Where tabs ask each other for the run: a BroadcastChannel named after the lock. */
  private readonly channel: BroadcastChannel;

  constructor(
    private readonly locks: LockManager,
    private readonly name = RUN_LOCK,
    private readonly waits = { freeMs: FREE_WAIT_MS, handOverMs: HAND_OVER_MS },
  ) {
    const channel = new BroadcastChannel(name);
    this.channel = channel;
    channel.addEventListener('message', (event: MessageEvent<HandOverMessage>) => {
      if (event.data?.type === 'hand-over') void this.handOver();
    });
  }

  get owned(): boolean {
    return this.held;
  }

  async claim(takeOver: boolean, hooks: OwnerHooks): Promise<boolean> {
    this.hooks = hooks;
    if (this.held) return true;
    if (takeOver) this.channel.postMessage({ type: 'hand-over' } satisfies HandOverMessage);
    const wait = takeOver ? this.waits.handOverMs : this.waits.freeMs;
    if (await this.request({ signal: AbortSignal.timeout(wait) })) return true;
    return takeOver ? await this.request({ steal: true }) : false;
  }

  /** Asks for the lock; resolves true once held (kept until let go or stolen), false when not granted. */
  private request(options: LockOptions): Promise<boolean> {
    return new Promise((resolve) => {
      let granted = false;
      this.locks
        .request(this.name, options, (lock) => {
          if (!lock) return resolve(false);
          granted = true;
          this.held = true;
          resolve(true);
          return new Promise<void>((release) => (this.release = release));
        })
        .catch(() => {
          // Not granted in time; or, once held, stolen by another tab.
          if (!granted) return resolve(false);
          if (!this.held) return;
          this.held = false;
          this.release = null;
          this.hooks?.lost('taken-over');
        });
    });
  }

  /** Another tab asks for the run: it gets it once this tab's last state is saved. */
  private async handOver(): Promise<void> {
    if (!this.held || !this.hooks) return;
    try {
      await this.hooks.handOver();
    } finally {
      // Stolen while saving: the browser has already told this tab.
      if (this.held) {
        this.held = false;
        this.release?.();
        this.release = null;
        this.hooks.lost('taken-over');
      }
    }
  }
}
