// One whole training step on the CPU engine (gather, forward, loss, backward, optimizer) against
// the reference engine on the same weights and the same batch, for every preset and the specs
// that use every layer kind, with augmentation (shifts; warps for cnn-bn), label smoothing and
// the schedules: the CPU twin of src/gpu/trainer-parity.gpu.test.ts, on src/testing/step-parity.ts.
import { describe, expect, it } from 'vitest';
import { scheduleFactor } from '../model/lr-schedule.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { GRAD_TOL, LR, PARAM_TOL, parityConfig, parityData, referenceStep, referenceUpdate, type StepCase } from '../testing/step-parity.ts';
import { ONE_THREAD } from './threads.ts';
import { CpuTrainer } from './trainer.ts';

const cases: StepCase[] = [
  { model: 'mlp', optimizer: 'adam', batch: 8, schedule: 'constant', augment: false },
  { model: 'cnn', optimizer: 'adam', batch: 6, schedule: 'constant', augment: false },
  { model: 'cnn', optimizer: 'sgd', batch: 5, schedule: 'constant', augment: false },
  { model: 'cnn', optimizer: 'adam', batch: 1, schedule: 'constant', augment: false },
  // conv2's forward and input gradient by Winograd (src/cpu/layers/conv-algorithm.ts: 32 → 64 channels, batch ≥ 16).
  { model: 'cnn-deep', optimizer: 'adam', batch: 16, schedule: 'constant', augment: false },
  { model: 'cnn', optimizer: 'adam', batch: 24, schedule: 'cosine', augment: true },
  { model: 'mlp', optimizer: 'sgd', batch: 8, schedule: 'onecycle', augment: false },
  { model: 'cnn-bn', optimizer: 'adam', batch: 4, schedule: 'constant', augment: 'warp', smoothing: 0.1 },
  { model: 'every-kind', optimizer: 'adam', batch: 5, schedule: 'constant', augment: false },
  { model: 'every-kind', optimizer: 'sgd', batch: 5, schedule: 'constant', augment: true },
  { model: 'rnn', optimizer: 'adam', batch: 5, schedule: 'constant', augment: false },
  { model: 'lstm-stack', optimizer: 'adam', batch: 3, schedule: 'constant', augment: false },
  { model: 'lstm-stack', optimizer: 'sgd', batch: 4, schedule: 'constant', augment: true },
];

// The reference's float64 steps take seconds on one core.
describe('a CPU training step equals the reference engine', { timeout: 120_000 }, () => {
  it.each(cases)('$model, $optimizer, batch $batch, schedule $schedule, augment $augment, label smoothing $smoothing: two steps', async (c) => {
    const mnist = parityData();
    const losses: number[] = [];
    const trainer = await CpuTrainer.create(ONE_THREAD, mnist, parityConfig(c), { onMetrics: (m) => losses.push(...m.loss) });
    try {
      for (let step = 0; step < 2; step++) {
        const before = trainer.packedState();
        const state = before.state.slice();
        const ref = referenceStep(c, mnist, trainer.graph, before.params, state, step);

        expect(await trainer.trainSteps(1)).toBe(1);
        const after = trainer.packedState();
        expect(losses[step]).toBeCloseTo(ref.loss, 4);
        assertClose(after.grads, ref.grads, GRAD_TOL, `${c.model} gradients, step ${step + 1}`);
        assertClose(after.state, state, GRAD_TOL, `${c.model} running statistics, step ${step + 1}`);
        const lr = LR[c.optimizer] * scheduleFactor(c.schedule, step, trainer.totalSteps);
        const expected = referenceUpdate(c.optimizer, before.params, before.moments, ref.grads, step + 1, lr);
        // Control: the comparison would catch a skipped update.
        expect(findMismatch(before.params, expected, PARAM_TOL), `${c.model}: step ${step + 1} moves the parameters past the tolerance`).not.toBeNull();
        assertClose(after.params, expected, PARAM_TOL, `${c.model} parameters after step ${step + 1}`);
      }
    } finally {
      await trainer.destroy();
    }
  });
});
