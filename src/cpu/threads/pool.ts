// The CPU engine's threads: N − 1 helper threads and the calling thread run each split kernel call
// together over one shared WebAssembly.Memory per model. A call goes through the control block
// (control.ts), not a message: the caller writes it and wakes the helpers with Atomics.notify,
// claims ranges with them and waits for the last, so `parallel` returns synchronously and costs
// microseconds rather than a message's round trip per call. Messages set things up only: the
// module, and each model's memory (attach), which every helper instantiates the kernels on.
import { singleThreadRun, type Run } from '../run.ts';
import type { KernelExports } from '../wasm/kernel-exports.ts';
import { kernelModule, sharedMemoryAvailable } from '../wasm/module.ts';
import { Command, ControlBlock, MAX_RANGES } from './control.ts';
import { errorMessage, type HelperReply, type HelperRequest, type HelperThread, type ThreadSpawner } from './protocol.ts';
import { ThreadedRun } from './threaded-run.ts';

export type { ThreadSpawner } from './protocol.ts';

/** How long the caller waits for helpers to leave their call loop (for a message, or to exit) before it calls them lost. */
const LEAVE_TIMEOUT_MS = 10_000;

/** The threads a context can run: `requested`, or 1 where there is no shared memory (a page that is not cross-origin isolated). */
export function availableThreads(requested: number): number {
  return sharedMemoryAvailable() ? requested : 1;
}

interface Waiter {
  resolve(reply: HelperReply): void;
  reject(error: Error): void;
}

export class ThreadPool {
  private readonly waiters: (Waiter | null)[];
  private nextRun = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Why the pool can no longer run calls (destroyed, a helper lost), or null. */
  private broken: string | null = null;

  private constructor(
    /** Threads a call runs on, the caller's included. */
    readonly threads: number,
    private readonly helpers: HelperThread[],
    /** Null with one thread. */
    readonly control: ControlBlock | null,
  ) {
    this.waiters = helpers.map(() => null);
    helpers.forEach((h, i) =>
      h.listen(
        (reply) => this.answer(i, reply),
        (error) => this.lose(i, error),
      ),
    );
  }

  /**
   * Starts `threads` − 1 helpers with `spawn`, each with the compiled kernels `module` (the
   * shared-memory variant when `threads` > 1). One thread starts no worker: its runs call the
   * kernels directly, as singleThreadRun does.
   */
  static async start(threads: number, spawn: ThreadSpawner, module: WebAssembly.Module): Promise<ThreadPool> {
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`thread pool: ${threads} threads; give a whole number of at least 1`);
    if (threads > MAX_RANGES) throw new Error(`thread pool: ${threads} threads; at most ${MAX_RANGES}`);
    if (threads === 1) return new ThreadPool(1, [], null);
    if (!sharedMemoryAvailable())
      throw new Error(
        `thread pool: ${threads} threads need shared memory, which this context lacks (a page that is not cross-origin isolated); use availableThreads()`,
      );
    const control = ControlBlock.create(threads - 1);
    const helpers: HelperThread[] = [];
    try {
      for (let i = 0; i < threads - 1; i++) helpers.push(spawn(i));
      const pool = new ThreadPool(threads, helpers, control);
      await Promise.all(helpers.map((_, i) => pool.request(i, { type: 'init', index: i, control: control.buffer, module })));
      return pool;
    } catch (e) {
      await Promise.allSettled(helpers.map(async (h) => h.terminate()));
      throw e;
    }
  }

  /** `requested` threads where shared memory exists, else 1, with the kernels compiled for it. */
  static async open(requested: number, spawn: ThreadSpawner): Promise<ThreadPool> {
    const threads = availableThreads(requested);
    return ThreadPool.start(threads, spawn, await kernelModule(threads > 1));
  }

  /** Whether a model's memory must be shared (newMemory's `shared`) to be attached. */
  get shared(): boolean {
    return this.threads > 1;
  }

  /** A Run of `k` (the caller's instance on `memory`) on every thread; each helper instantiates the kernels on `memory`. */
  attach(memory: WebAssembly.Memory, k: KernelExports): Promise<Run> {
    if (this.threads === 1) return Promise.resolve(singleThreadRun(k, memory));
    return this.serially(async () => {
      if (!(memory.buffer instanceof SharedArrayBuffer))
        throw new Error('thread pool: a model attached to several threads needs a shared memory (newMemory(bytes, true))');
      const run = this.nextRun++;
      const fns = k as unknown as Record<string, unknown>;
      const names = Object.keys(fns).filter((n) => typeof fns[n] === 'function');
      try {
        await this.message({ type: 'attach', run, memory, names });
      } catch (e) {
        // The helpers that did instantiate let go of it.
        if (!this.broken) await this.message({ type: 'detach', run }).catch(() => undefined);
        throw e;
      }
      return new ThreadedRun(this, run, k, memory, names);
    });
  }

  /** Drops a run's instances from the helpers; its memory is the caller's to let go. */
  async detach(run: Run): Promise<void> {
    if (!(run instanceof ThreadedRun)) return;
    run.detached = true;
    if (this.broken) return;
    await this.serially(() => this.message({ type: 'detach', run: run.id }));
  }

  /** Ends every helper thread; the pool runs nothing after. */
  async destroy(): Promise<void> {
    await this.serially(async () => {
      // Out of their call loop first: a worker blocked in Atomics.wait may not end at terminate.
      if (this.control && this.broken === null) this.leaveAll(Command.exit);
      this.broken = 'the thread pool was destroyed';
      await Promise.allSettled(this.helpers.map(async (h) => h.terminate()));
    });
  }

  /** Throws why the pool can run no more calls, if it cannot. */
  assertUsable(): void {
    if (this.broken) throw new Error(`thread pool: ${this.broken}`);
  }

  /** One setup step at a time: each helper has at most one message in flight. */
  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Sends every helper `m` and takes them out of their call loop to read it; resolves when all have answered. */
  private async message(m: HelperRequest): Promise<void> {
    this.assertUsable();
    const replies = this.helpers.map((_, i) => this.request(i, m));
    if (!this.leaveAll(Command.leave)) this.broken = `a helper thread did not answer within ${LEAVE_TIMEOUT_MS} ms`;
    this.assertUsable();
    await Promise.all(replies);
  }

  private request(i: number, m: HelperRequest): Promise<HelperReply> {
    const h = this.helpers[i];
    h.awaiting?.(true);
    const reply = new Promise<HelperReply>((resolve, reject) => (this.waiters[i] = { resolve, reject }));
    h.postMessage(m);
    return reply;
  }

  /** Posts `command` to every helper and waits until each has left its call loop; false if one did not in time. */
  private leaveAll(command: number): boolean {
    const c = this.control!;
    c.expectLeaving(this.helpers.length);
    for (let i = 0; i < this.helpers.length; i++) c.post(i, command);
    return c.awaitLeaving(LEAVE_TIMEOUT_MS);
  }

  private answer(i: number, reply: HelperReply): void {
    const w = this.waiters[i];
    this.waiters[i] = null;
    this.helpers[i].awaiting?.(false);
    if (!w) return;
    if (reply.type === 'failed') w.reject(new Error(`helper thread ${i}: ${reply.message}`));
    else w.resolve(reply);
  }

  private lose(i: number, error: Error): void {
    this.broken ??= `helper thread ${i} was lost: ${errorMessage(error)}`;
    const w = this.waiters[i];
    this.waiters[i] = null;
    this.helpers[i].awaiting?.(false);
    w?.reject(new Error(`helper thread ${i}: ${errorMessage(error)}`));
  }
}
