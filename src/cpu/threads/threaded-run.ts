// A model's Run on a pool of threads: `parallel` gives the caller the first (largest) range and
// each helper one of the others through the control block, then waits for all of them.
import { splitRange, type Run } from '../run.ts';
import type { KernelExports, KernelName } from '../wasm/kernel-exports.ts';
import { Command, type ControlBlock } from './control.ts';

type Kernel = (...args: number[]) => void;

/** Checks of PENDING the caller makes before it sleeps: helpers' ranges end close to its own. */
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
    c.writeArgs(args);
    c.setPending(ranges.length - 1);
    for (let i = 1; i < ranges.length; i++) c.post(i - 1, { command: Command.kernel, run: this.id, kernel, begin: ranges[i][0], end: ranges[i][1] });
    let failed = false;
    let own: unknown;
    try {
      fn(...args, ranges[0][0], ranges[0][1]);
    } catch (e) {
      [failed, own] = [true, e];
    }
    // Even when the caller's range failed: the next call may not write the block before every helper is done with it.
    c.awaitHelpers(CALLER_SPINS);
    const error = c.takeError();
    if (failed) throw own;
    if (error) throw new Error(`${name} failed on helper thread ${error[0]}: ${error[1]}`);
  }
}
