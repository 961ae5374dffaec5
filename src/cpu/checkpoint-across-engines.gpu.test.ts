// A run moves between the engines as a checkpoint: written by the GPU engine it restores on the
// CPU engine with its step, moments and schedule, trains on, and goes back to the GPU the same
// way. In the page, so the CPU kernels run in Chromium too.
import { describe, expect, it } from 'vitest';
import { GpuDataset } from '../gpu/dataset.ts';
import { Trainer } from '../gpu/trainer.ts';
import type { Checkpoint } from '../model/engine.ts';
import { preset } from '../model/presets.ts';
import { assertClose } from '../testing/close.ts';
import { testGpu } from '../testing/gpu.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { ONE_THREAD } from './threads.ts';
import { CpuTrainer } from './trainer.ts';

const CONFIG = { model: preset('cnn-bn'), optimizer: 'adam', learningRate: 1e-3, batchSize: 8, epochs: 1, seed: 7, schedule: 'cosine', augment: true } as const;
// Six steps on each engine from the same state: f32 sums in different orders, a few ulps a step.
const TOL = { atol: 2e-4, rtol: 2e-3 };

function flat(c: Checkpoint): Float32Array {
  const parts = [
    ...Object.keys(c.weights)
      .sort()
      .map((n) => c.weights[n].data),
    ...Object.keys(c.moments)
      .sort()
      .map((n) => c.moments[n]),
  ];
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('a checkpoint crosses between the engines', () => {
  it('GPU → CPU → GPU: step, moments and schedule intact, and the CPU trains on as the GPU would', async () => {
    const gpu = await testGpu();
    const mnist = syntheticMnist(256, 16, 4);
    const data = GpuDataset.upload(gpu.device, mnist);
    const onGpu = await Trainer.create(gpu, data, CONFIG);
    const onCpu = await CpuTrainer.create(ONE_THREAD, mnist, CONFIG);
    const back = await Trainer.create(gpu, data, CONFIG);
    try {
      await onGpu.trainSteps(3);
      const fromGpu = await onGpu.checkpoint();
      onCpu.restore(fromGpu);
      expect(onCpu.stepsDone).toBe(3);
      expect(onCpu.learningRateAt()).toBe(onGpu.learningRateAt());
      expect(flat(await onCpu.checkpoint())).toEqual(flat(fromGpu));

      // The same three steps on each engine from the same state.
      await onGpu.trainSteps(3);
      await onCpu.trainSteps(3);
      const [gpuAt6, cpuAt6] = [await onGpu.checkpoint(), await onCpu.checkpoint()];
      expect(cpuAt6.step).toBe(6);
      assertClose(flat(cpuAt6), flat(gpuAt6), TOL, 'weights and moments after three steps on each engine');

      back.restore(cpuAt6);
      expect(back.stepsDone).toBe(6);
      expect(flat(await back.checkpoint())).toEqual(flat(cpuAt6));
      expect(await back.trainSteps(2)).toBe(2);
      expect(back.stepsDone).toBe(8);
    } finally {
      await Promise.all([onGpu.destroy(), onCpu.destroy(), back.destroy()]);
      data.destroy();
    }
  });
});
