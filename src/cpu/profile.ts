// Kernel timings for the bench's --profile: a kernel call timed until it has run long enough to
// trust, reported as milliseconds a call and GFLOP/s, and the machine's f32x4 multiply-add peak
// (the simd_peak kernel) to read them against. Not for tests: nothing here asserts a speed.
import type { KernelExports } from './wasm/kernel-exports.ts';

export interface KernelTiming {
  /** Milliseconds one call takes: the fastest of the rounds' means. */
  ms: number;
  gflops: number;
}

/** simd_peak's flops an iteration: 12 accumulators × 4 lanes × (a multiply and an add). */
export const SIMD_PEAK_FLOPS_PER_ITERATION = 96;

/** Milliseconds from some origin: wall time by default; a process's CPU time reads a busy machine better. */
export type Clock = () => number;

/**
 * Times `call` (which does `flops` floating-point operations) after one warm-up call, in
 * `rounds` rounds of at least `roundMs` each, and keeps the fastest round, the one least
 * disturbed by the rest of the machine.
 */
export function timeKernel(call: () => void, flops: number, roundMs = 100, rounds = 3, clock: Clock = () => performance.now()): KernelTiming {
  call();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = clock();
    let reps = 0;
    let t = t0;
    do {
      call();
      reps++;
      t = clock();
    } while (t - t0 < roundMs);
    best = Math.min(best, (t - t0) / reps);
  }
  return { ms: best, gflops: flops / (best * 1e6) };
}

/** This thread's f32x4 multiply-add peak in GFLOP/s. */
export function simdPeak(k: KernelExports, iterations = 1_000_000, clock?: Clock): KernelTiming {
  let sink = 0;
  const timing = timeKernel(
    () => {
      sink += k.simd_peak(iterations);
    },
    iterations * SIMD_PEAK_FLOPS_PER_ITERATION,
    100,
    3,
    clock,
  );
  // The sum is read so no engine can drop the calls as dead.
  if (Number.isNaN(sink)) throw new Error('simd_peak returned NaN');
  return timing;
}
