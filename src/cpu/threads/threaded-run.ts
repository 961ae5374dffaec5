// A model's Run on a pool of threads: `parallel` opens the call in the control block, wakes as
// many helpers as there are ranges beyond the first, claims ranges with them, and waits until
// every range is done.
import { splitRange, type Run } from '../run.ts';
import type { KernelExports, KernelName } from '../wasm/kernel-exports.ts';
import { Command, runRanges, threadName, type ControlBlock, type Kernel } from './control.ts';

/** Checks of DONE the caller makes before it sleeps: helpers' ranges end close to its own. */
const CALLER_SPINS = 20_000;

/** What a run needs of its pool. */
export interface PoolForRun {
  readonly threads: number;
  readonly control: ControlBlock | null;
  assertUsable(): void;
}

export class ThreadedRun implements Run {
  readonly threads: number;
  /** Set by ThreadPool.detach: the helpers no longer have this model. */
  detached = false;
  private readonly fns: Kernel[];
  /** The caller's kernels under this run's id, as runRanges looks them up. */
  private readonly own: Map<number, Kernel[]>;
  private readonly indices = new Map<string, number>();

  constructor(
    private readonly pool: PoolForRun,
    /** The helpers' key for this model's instances. */
    readonly id: number,
    readonly k: KernelExports,
    readonly memory: WebAssembly.Memory,
    /** The kernels' export names, indexed the same on the caller and the helpers. */
    names: readonly string[],
  ) {
    this.threads = pool.threads;
    const fns = k as unknown as Record<string, Kernel>;
    this.fns = names.map((n) => fns[n]);
    names.forEach((n, i) => this.indices.set(n, i));
    this.own = new Map([[id, this.fns]]);
  }

  parallel(name: KernelName, total: number, args: readonly number[], grain = 1): void {
    if (total <= 0) return;
    const kernel = this.indices.get(name);
    if (kernel === undefined) throw new Error(`thread pool: no kernel named ${name}`);
    const fn = this.fns[kernel];
    const ranges = splitRange(total, this.threads, grain);
    if (ranges.length === 1) {
      fn(...args, 0, total);
      return;
    }
    if (this.detached) throw new Error(`thread pool: ${name} called on a model detached from the pool`);
    this.pool.assertUsable();
    const c = this.pool.control!;
    c.open(this.id, kernel, args, ranges);
    for (let i = 0; i < ranges.length - 1; i++) c.post(i, Command.kernel);
    runRanges(c, -1, this.own);
    // Ranges a helper claimed may still run: the next call may not write the block before they are done.
    c.awaitRanges(CALLER_SPINS);
    const error = c.takeError();
    if (error) throw new Error(`${name} failed on ${threadName(error[0])}: ${error[1]}`);
  }
}
