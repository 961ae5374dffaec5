// One whole training step on the GPU (gather, forward, loss, backward, optimizer) against the
// reference engine on the same weights and the same batch, for every preset and for specs that
// use every layer kind; and with augmentation (shifts, and for cnn-bn rotations and scaling too)
// and cosine and one-cycle schedules, so the augmented batch and the scheduled rate are checked too.
import { describe, expect, it } from 'vitest';
import { assertClose, findMismatch } from '../testing/close.ts';
import { readF32, testGpu } from '../testing/gpu.ts';
import { GRAD_TOL, LR, PARAM_TOL, parityConfig, parityData, referenceStep, referenceUpdate, type StepCase } from '../testing/step-parity.ts';
import { scheduleFactor } from '../model/lr-schedule.ts';
import { GpuDataset } from './dataset.ts';
import { Trainer } from './trainer.ts';

// `kernels`: on a software adapter the trainer picks the register kernels; 'tiled' forces the
// workgroup-tiled ones that real GPUs run (with dense1's forward split over K), so the whole step
// is checked on both.
type Kernels = 'auto' | 'tiled';

const cases: (StepCase & { kernels: Kernels })[] = [
  { model: 'mlp', optimizer: 'adam', batch: 8, schedule: 'constant', augment: false, kernels: 'auto' },
  { model: 'cnn', optimizer: 'adam', batch: 6, schedule: 'constant', augment: false, kernels: 'auto' },
  { model: 'cnn', optimizer: 'sgd', batch: 5, schedule: 'constant', augment: false, kernels: 'auto' },
  { model: 'cnn-deep', optimizer: 'adam', batch: 3, schedule: 'constant', augment: false, kernels: 'auto' },
  // Two steps a run: cosine halves the rate of the second (from 1e-3, 5× the tolerance).
  { model: 'cnn', optimizer: 'adam', batch: 24, schedule: 'cosine', augment: true, kernels: 'auto' },
  // One-cycle starts at 1/25 of the rate: SGD's scheduled rate from the first step.
  { model: 'mlp', optimizer: 'sgd', batch: 8, schedule: 'onecycle', augment: false, kernels: 'auto' },
  { model: 'cnn', optimizer: 'adam', batch: 6, schedule: 'constant', augment: false, kernels: 'tiled' },
  { model: 'cnn-bn', optimizer: 'adam', batch: 4, schedule: 'constant', augment: 'warp', kernels: 'auto', smoothing: 0.1 },
  { model: 'every-kind', optimizer: 'adam', batch: 5, schedule: 'constant', augment: false, kernels: 'auto' },
  { model: 'every-kind', optimizer: 'sgd', batch: 5, schedule: 'constant', augment: false, kernels: 'tiled' },
  { model: 'rnn', optimizer: 'adam', batch: 5, schedule: 'constant', augment: false, kernels: 'auto' },
  { model: 'lstm-stack', optimizer: 'adam', batch: 3, schedule: 'constant', augment: false, kernels: 'tiled' },
  { model: 'lstm-stack', optimizer: 'sgd', batch: 4, schedule: 'constant', augment: true, kernels: 'auto' },
];

describe('a GPU training step equals the reference engine', () => {
  it.each(cases)(
    '$model, $optimizer, batch $batch, schedule $schedule, augment $augment, $kernels kernels, label smoothing $smoothing: two steps',
    async (c) => {
      const base = await testGpu();
      const gpu = c.kernels === 'tiled' ? { ...base, software: false } : base;
      const mnist = parityData();
      const data = GpuDataset.upload(gpu.device, mnist);
      const losses: number[] = [];
      const trainer = await Trainer.create(gpu, data, parityConfig(c), { onMetrics: (m) => losses.push(...m.loss) });
      const { graph, plan } = trainer;
      let scheduledSteps = 0;
      try {
        for (let step = 0; step < 2; step++) {
          // The reference starts each step from the GPU's own state, so a step is checked alone.
          const params = await readF32(gpu, plan.params);
          const state = await readF32(gpu, plan.state);
          const moments = Object.fromEntries(await Promise.all(Object.entries(plan.moments).map(async ([name, m]) => [name, await readF32(gpu, m)] as const)));
          // Updates `state` as the GPU's training forward updates its running statistics.
          const ref = referenceStep(c, mnist, graph, params, state, step);

          expect(await trainer.trainSteps(1)).toBe(1);
          expect(losses[step]).toBeCloseTo(ref.loss, 4);
          assertClose(await readF32(gpu, plan.grads), ref.grads, GRAD_TOL, `${c.model} gradients, step ${step + 1}`);
          assertClose(await readF32(gpu, plan.state), state, GRAD_TOL, `${c.model} running statistics, step ${step + 1}`);

          const stepAt = (lr: number) => referenceUpdate(c.optimizer, params, moments, ref.grads, step + 1, lr);
          const lr = LR[c.optimizer] * scheduleFactor(c.schedule, step, trainer.totalSteps);
          const expected = stepAt(lr);
          // Controls: the comparison below catches a trainer that skipped this step's update, and
          // one that ignored the schedule (ran this step at the set rate).
          expect(findMismatch(params, expected, PARAM_TOL), `${c.model}: step ${step + 1} moves the parameters past the tolerance`).not.toBeNull();
          if (lr !== LR[c.optimizer]) {
            const unscheduled = stepAt(LR[c.optimizer]);
            expect(findMismatch(unscheduled, expected, PARAM_TOL), `${c.model}: the set rate, unscheduled, is told apart at step ${step + 1}`).not.toBeNull();
            scheduledSteps++;
          }
          assertClose(await readF32(gpu, plan.params), expected, PARAM_TOL, `${c.model} parameters after step ${step + 1}`);
        }
        if (c.schedule !== 'constant') expect(scheduledSteps, 'steps whose scheduled rate differs from the set rate').toBeGreaterThan(0);
      } finally {
        await trainer.destroy();
        data.destroy();
      }
    },
  );
});
