// The browser's helper threads in the test page, which vite.config.ts makes cross-origin isolated
// as the app's servers do: module Workers on one shared memory, the caller on the page's main
// thread (where Atomics.wait throws, so it spins). One thread starts no worker.
import { describe, expect, test } from 'vitest';
import { ThreadPool, availableThreads } from '../cpu/threads/pool.ts';
import { kernelModule } from '../cpu/wasm/module.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { randomF32 } from '../testing/random.ts';
import { browserThreadSpawner } from './cpu-threads.ts';

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('CPU threads in a page', () => {
  test('cross-origin isolated: three threads give the bits of one, and a trap on a helper is reported', { timeout: 120_000 }, async () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
    expect(availableThreads(3)).toBe(3);
    const x = randomF32(1001, 3, -3, 3);
    const [one, three] = [await kernelBench({ y: x }, true), await kernelBench({ y: x }, true)];
    const pool = await ThreadPool.open(3, browserThreadSpawner);
    expect([pool.threads, pool.shared]).toEqual([3, true]);
    const run = await pool.attach(three.memory, three.k);
    for (const code of [3, 2]) {
      one.run.parallel('activation_forward', x.length, [code, one.regions.y.offset]);
      run.parallel('activation_forward', x.length, [code, three.regions.y.offset]);
    }
    expect(bits(three.read('y'))).toEqual(bits(one.read('y')));
    // A GEMM whose first rows (long) lie inside the memory and whose last third lies past its end:
    // whichever thread claims that range traps; try until a helper has.
    const S = 384;
    const g = await kernelBench({ a: S * S, b: S * S, c: ((2 * S) / 3) * S }, true);
    const gemm = await pool.attach(g.memory, g.k);
    const c = g.memory.buffer.byteLength - ((2 * S) / 3) * S * 4;
    const threads: string[] = [];
    for (let attempt = 0; attempt < 20 && !threads.some((t) => t.startsWith('helper')); attempt++) {
      let message = '';
      try {
        gemm.parallel('gemm', S, [0, 0, S, S, S, g.regions.a.offset, g.regions.b.offset, c, 0, 0, 0], 4);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^gemm failed on (helper thread [01]|the calling thread): RuntimeError: memory access out of bounds$/);
      threads.push(/failed on (.*?):/.exec(message)![1]);
    }
    expect(threads.some((t) => t.startsWith('helper'))).toBe(true);
    await pool.destroy();
    expect(() => run.parallel('activation_forward', 8, [1, three.regions.y.offset])).toThrow(/destroyed/);
  });

  test('one thread starts no worker and runs on a private memory', async () => {
    const pool = await ThreadPool.start(
      1,
      () => {
        throw new Error('spawned a worker for one thread');
      },
      await kernelModule(false),
    );
    const b = await kernelBench({ y: [-2, 3, -0.5] });
    const run = await pool.attach(b.memory, b.k);
    run.parallel('activation_forward', 3, [1, b.regions.y.offset]);
    expect(Array.from(b.read('y'))).toEqual([0, 3, 0]);
    await pool.destroy();
  });
});
