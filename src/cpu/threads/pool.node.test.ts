// The thread pool on real worker_threads and the real kernels: a split over 1, 2 or 3 threads
// gives the same bits as one call on one thread, calls follow each other without a lost or
// doubled range, two models share the pool, a trap on a helper reaches the caller, and destroy
// ends the workers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeThreadSpawner } from '../../../scripts/lib/node-threads.ts';
import { kernelBench, type KernelBench } from '../../testing/cpu-kernels.ts';
import { randomF32 } from '../../testing/random.ts';
import type { Run } from '../run.ts';
import { kernelModule } from '../wasm/module.ts';
import { ThreadPool, type ThreadSpawner } from './pool.ts';

/** The message `f` throws. */
function thrown(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('it did not throw');
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);
const N = 10_007;
const [M, K, C] = [37, 29, 23];

/** Inputs for every kernel the tests split: activations over N elements and a 37×29 · 29×23 GEMM. */
function inputs(seed: number): Record<string, Float32Array | number> {
  return {
    y: randomF32(N, seed, -3, 3),
    dy: randomF32(N, seed + 1),
    a: randomF32(M * K, seed + 2),
    b: randomF32(K * C, seed + 3),
    bias: randomF32(C, seed + 4),
    c: M * C,
  };
}

/** A training step's worth of split calls on `run`: every activation forward and backward, then GEMMs split by rows. */
function step(run: Run, m: KernelBench): void {
  const r = m.regions;
  for (const code of [3, 2, 1]) {
    run.parallel('activation_forward', N, [code, r.y.offset], 4);
    run.parallel('activation_backward', N, [code, r.y.offset, r.dy.offset]);
  }
  run.parallel('gemm', M, [0, 0, M, C, K, r.a.offset, r.b.offset, r.c.offset, r.bias.offset, 1, 0]);
  run.parallel('gemm', M, [0, 0, M, C, K, r.a.offset, r.b.offset, r.c.offset, 0, 2, 1], 4);
}

async function model(pool: ThreadPool, seed: number): Promise<{ m: KernelBench; run: Run }> {
  const m = await kernelBench(inputs(seed), true);
  return { m, run: await pool.attach(m.memory, m.k) };
}

/** What one thread computes: the kernels called once over the whole range. */
async function oneThread(seed: number): Promise<Record<string, Float32Array>> {
  const m = await kernelBench(inputs(seed), true);
  step(m.run, m);
  return { y: m.read('y'), dy: m.read('dy'), c: m.read('c') };
}

// Starting a worker compiles its TypeScript (tsx): seconds on a loaded machine.
describe('thread pool', { timeout: 60_000 }, () => {
  const pools = new Map<number, ThreadPool>();
  beforeAll(async () => {
    const module = await kernelModule(true);
    for (const t of [1, 2, 3]) pools.set(t, await ThreadPool.start(t, nodeThreadSpawner, module));
  }, 120_000);
  afterAll(() => Promise.all([...pools.values()].map((p) => p.destroy())));

  for (const t of [1, 2, 3]) {
    test(`${t} thread(s): the same bits as one call on one thread`, async () => {
      const want = await oneThread(11);
      const { m, run } = await model(pools.get(t)!, 11);
      expect(run.threads).toBe(t);
      step(run, m);
      for (const name of ['y', 'dy', 'c']) expect(bits(m.read(name)), name).toEqual(bits(want[name]));
    });
  }

  test('one thread starts no worker', async () => {
    const spawn: ThreadSpawner = () => {
      throw new Error('spawned a worker for one thread');
    };
    const pool = await ThreadPool.start(1, spawn, await kernelModule(false));
    const m = await kernelBench({ y: [-1, 2] });
    const run = await pool.attach(m.memory, m.k);
    run.parallel('activation_forward', 2, [1, m.regions.y.offset]);
    expect(Array.from(m.read('y'))).toEqual([0, 2]);
    await pool.destroy();
  });

  test('a thousand small calls in a row: no range lost or run twice', async () => {
    // Sigmoid applied again and again: a range skipped or applied twice changes the values for good.
    const once = await kernelBench({ y: randomF32(64, 5, -3, 3) }, true);
    const { m, run } = await model(pools.get(3)!, 5);
    m.write('y', once.read('y'));
    for (let i = 0; i < 1000; i++) {
      const [total, at] = [3 + (i % 7), 4 * (i % 13)];
      once.run.parallel('activation_forward', total, [3, once.regions.y.offset + at]);
      run.parallel('activation_forward', total, [3, m.regions.y.offset + at]);
    }
    expect(bits(m.read('y').subarray(0, 64))).toEqual(bits(once.read('y').subarray(0, 64)));
  });

  test('two models attached at once, called in turn, then one detached', async () => {
    const pool = pools.get(2)!;
    const [want1, want2] = [await oneThread(21), await oneThread(22)];
    const [one, two] = [await model(pool, 21), await model(pool, 22)];
    step(one.run, one.m);
    step(two.run, two.m);
    for (const name of ['y', 'dy', 'c']) {
      expect(bits(one.m.read(name)), name).toEqual(bits(want1[name]));
      expect(bits(two.m.read(name)), name).toEqual(bits(want2[name]));
    }
    await pool.detach(one.run);
    expect(() => one.run.parallel('activation_forward', N, [1, one.m.regions.y.offset])).toThrow(/detached/);
    // The other model runs on: its helpers kept their instance on its memory.
    const three = await model(pool, 23);
    for (const { m } of [two, three]) for (const [name, v] of Object.entries(inputs(23))) if (typeof v !== 'number') m.write(name, v);
    step(two.run, two.m);
    step(three.run, three.m);
    expect(bits(two.m.read('dy'))).toEqual(bits(three.m.read('dy')));
    expect(bits(two.m.read('dy'))).toEqual(bits((await oneThread(23)).dy));
  });

  test('a kernel that traps on a helper throws on the caller, and the pool runs on', async () => {
    const pool = pools.get(2)!;
    // A GEMM whose first half of rows (long: 256 × 512 × 512) lies inside the memory and whose second half
    // lies past its end: the caller claims the first, the helper it wakes the second, which traps at once.
    const S = 512;
    const g = await kernelBench({ a: S * S, b: S * S, c: (S / 2) * S }, true);
    const run = await pool.attach(g.memory, g.k);
    const c = g.memory.buffer.byteLength - (S / 2) * S * 4;
    const threads: string[] = [];
    // Which thread claims the second half is up to the scheduler: try until the helper has.
    for (let attempt = 0; attempt < 20 && !threads.includes('helper thread 0'); attempt++) {
      const message = thrown(() => run.parallel('gemm', S, [0, 0, S, S, S, g.regions.a.offset, g.regions.b.offset, c, 0, 0, 0], 4));
      expect(message).toMatch(/^gemm failed on (helper thread 0|the calling thread): RuntimeError: memory access out of bounds$/);
      threads.push(/failed on (.*?):/.exec(message)![1]);
    }
    expect(threads).toContain('helper thread 0');
    const { m, run: other } = await model(pool, 31);
    const want = await oneThread(31);
    step(other, m);
    expect(bits(m.read('c'))).toEqual(bits(want.c));
  });

  test('bad input is refused with a message', async () => {
    const pool = pools.get(2)!;
    const m = await kernelBench({ y: 8 });
    await expect(pool.attach(m.memory, m.k)).rejects.toThrow(/needs a shared memory/);
    await expect(ThreadPool.start(0, nodeThreadSpawner, await kernelModule(true))).rejects.toThrow(/0 threads/);
    const { run } = await model(pool, 1);
    expect(() => run.parallel('activation_forward', 8, new Array<number>(33).fill(0))).toThrow(/at most 32/);
  });

  test('destroy ends every worker, and the pool refuses calls after', async () => {
    const ended: string[] = [];
    const spawn: ThreadSpawner = (i) => {
      const h = nodeThreadSpawner(i);
      return { ...h, listen: (onReply, onFailure) => h.listen(onReply, (e) => (ended.push(`${i}: ${e.message}`), onFailure(e))) };
    };
    const pool = await ThreadPool.start(3, spawn, await kernelModule(true));
    const m = await kernelBench({ y: 64 }, true);
    const run = await pool.attach(m.memory, m.k);
    await pool.destroy();
    await expect.poll(() => ended.sort()).toEqual(['0: exited with code 1', '1: exited with code 1']);
    expect(() => run.parallel('activation_forward', 64, [1, m.regions.y.offset])).toThrow(/destroyed/);
  });
});
