// Runs the CPU engine's real kernels on a memory laid out for one test: name the arrays, get
// their regions, call kernels, read the results back. No mock: the same wasm the engine loads.
import { ArenaPlan, f32, type Region } from '../cpu/arena.ts';
import { singleThreadRun, type Run } from '../cpu/run.ts';
import type { KernelExports } from '../cpu/wasm/kernel-exports.ts';
import { instantiate, kernelModule, newMemory } from '../cpu/wasm/module.ts';

export interface KernelBench {
  k: KernelExports;
  run: Run;
  memory: WebAssembly.Memory;
  regions: Record<string, Region>;
  /** A copy of a region's floats. */
  read(name: string): Float32Array;
  write(name: string, values: ArrayLike<number>): void;
}

/** `arrays`: initial contents, or a length for a region of zeros. */
export async function kernelBench(arrays: Record<string, ArrayLike<number> | number>, shared = false): Promise<KernelBench> {
  const plan = new ArenaPlan();
  const regions: Record<string, Region> = {};
  for (const [name, a] of Object.entries(arrays)) regions[name] = plan.floats(name, typeof a === 'number' ? a : a.length);
  const memory = newMemory(plan.bytes, shared);
  const k = await instantiate(await kernelModule(shared), memory);
  const bench: KernelBench = {
    k,
    run: singleThreadRun(k, memory),
    memory,
    regions,
    read: (name) => f32(memory, regions[name]).slice(),
    write: (name, values) => f32(memory, regions[name]).set(values),
  };
  for (const [name, a] of Object.entries(arrays)) if (typeof a !== 'number') bench.write(name, a);
  return bench;
}
