// The CPU engine's --profile in Node alone, no page: real training steps of a preset at one batch
// size on N threads, every kernel call timed (cpu-profile.ts), and the convolution kernels' part of
// the step. For docs/CPU-ENGINE.md's conv-algorithm figures:
//   npx tsx scripts/bench/cpu-conv-share.ts --model cnn --batch 64 --threads 2
//   npx tsx scripts/bench/cpu-conv-share.ts --model cnn-bn --batch 64 --threads 1 --clock cpu
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadMnistFromDisk } from '../../src/data/mnist-node.ts';
import { preset } from '../../src/model/presets.ts';
import { startNodeThreads } from '../lib/node-threads.ts';
import { profileCpuStep } from './inkling-wasm-engine.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'cnn' },
    batch: { type: 'string', default: '64' },
    threads: { type: 'string', default: '2' },
    clock: { type: 'string', default: 'wall' },
  },
});
// On one thread the process's CPU time is the step's (a worker's is not this thread's): it leaves
// out the time other work on a shared machine takes the core away.
if (values.clock === 'cpu' && values.threads !== '1') throw new Error('--clock cpu times one thread: give --threads 1');
const now =
  values.clock === 'cpu'
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => performance.now();
const batch = Number(values.batch);
const mnist = await loadMnistFromDisk(resolve('public/data'));
const pool = await startNodeThreads(Number(values.threads));
try {
  const p = await profileCpuStep(pool, mnist, batch, 1, preset(values.model), now);
  const isConv = (k: string) => k.startsWith('conv2d_');
  const convMs = p.kernels.filter((k) => isConv(k.kernel)).reduce((s, k) => s + k.ms, 0);
  console.log(
    `${values.model} batch ${batch}, ${p.threads} threads, ${values.clock} clock: step ${p.step_ms.toFixed(2)} ms, kernels ${p.kernel_ms.toFixed(2)} ms, conv ${convMs.toFixed(2)} ms (${((100 * convMs) / p.step_ms).toFixed(1)}% of the step)`,
  );
  for (const k of p.kernels)
    console.log(
      `  ${k.kernel.padEnd(24)} ${k.shape.padEnd(36)} ${k.ms.toFixed(3).padStart(8)} ms  ${(100 * k.share).toFixed(1).padStart(5)}%  ${k.gflop_per_s?.toFixed(1) ?? ''}`,
    );
} finally {
  await pool.destroy();
}
