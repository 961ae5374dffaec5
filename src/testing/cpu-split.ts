// The threading contract's check: a kernel called over [0, total) in one range and in three
// uneven ranges must give the same bits, since each output belongs to one range and is summed in
// one order whatever the split.
import { f32 } from '../cpu/arena.ts';
import type { KernelName } from '../cpu/wasm/kernel-exports.ts';
import type { KernelBench } from './cpu-kernels.ts';

/** Three contiguous, uneven ranges covering [0, total) (some empty when total < 3). */
export function unevenRanges(total: number): [number, number][] {
  const a = Math.min(total, Math.max(1, Math.floor(total / 5)));
  const b = Math.min(total, a + Math.ceil((total - a) * 0.7));
  return [
    [0, a],
    [a, b],
    [b, total],
  ];
}

/**
 * Runs kernel `name` once over [0, total) and once over unevenRanges(total), restoring the
 * named regions' contents before each call (kernels that update in place), and returns both
 * results of every region in `outputs`.
 */
export function splitTwice(
  bench: KernelBench,
  name: KernelName,
  total: number,
  args: readonly number[],
  outputs: string[],
): { whole: Float32Array[]; split: Float32Array[] } {
  const fn = (bench.k as unknown as Record<KernelName, (...a: number[]) => void>)[name];
  const before = outputs.map((o) => bench.read(o));
  const restore = () => outputs.forEach((o, i) => f32(bench.memory, bench.regions[o]).set(before[i]));
  fn(...args, 0, total);
  const whole = outputs.map((o) => bench.read(o));
  restore();
  for (const [begin, end] of unevenRanges(total)) if (end > begin) fn(...args, begin, end);
  return { whole, split: outputs.map((o) => bench.read(o)) };
}

/** Bit equality of float arrays (NaN payloads and −0 included): compares their words. */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const wa = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const wb = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return wa.every((w, i) => w === wb[i]);
}
