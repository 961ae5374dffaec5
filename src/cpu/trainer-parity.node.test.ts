// One whole training step on the CPU engine (gather, forward, loss, backward, optimizer) against
// the reference engine on the same weights and the same batch, for every preset and the specs
// that use every layer kind, with augmentation (shifts; warps for cnn-bn), label smoothing and
// the schedules: the CPU twin of src/gpu/trainer-parity.gpu.test.ts.
import { describe, expect, it } from 'vitest';
import { shuffledIndices } from '../data/shuffle.ts';
import { AUGMENT_SHIFT } from '../model/augment.ts';
import type { OptimizerName, ScheduleName } from '../model/config.ts';
import { scheduleFactor } from '../model/lr-schedule.ts';
import { DEFAULT_HYPER } from '../model/optimizers/index.ts';
import { preset } from '../model/presets.ts';
import { adam } from '../reference/adam.ts';
import { gather } from '../reference/gather.ts';
import { lossAndGradient } from '../reference/network.ts';
import { sgd } from '../reference/sgd.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { PARITY_SPECS } from '../testing/specs.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { ONE_THREAD } from './threads.ts';
import { CpuTrainer } from './trainer.ts';

// f32 sums of a few thousand terms vs float64 in the reference.
const GRAD_TOL = { atol: 2e-5, rtol: 2e-3 };
const PARAM_TOL = { atol: 1e-4, rtol: 1e-4 };
const LR: Record<OptimizerName, number> = { adam: 1e-3, sgd: 0.1 };
const COUNT = 48;
const SEED = 3;
const WARP = { rotate: 10, zoom: 0.1 };
type Augment = boolean | 'warp';

const specs = new Map(PARITY_SPECS.map((s) => [s.name, s]));

const cases: { model: string; optimizer: OptimizerName; batch: number; schedule: ScheduleName; augment: Augment; smoothing?: number }[] = [
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

function update(optimizer: OptimizerName, from: { params: Float32Array; moments: Record<string, Float32Array> }, grads: Float32Array, t: number, lr: number) {
  const params = from.params.slice();
  const step = { ...DEFAULT_HYPER, t, lr };
  if (optimizer === 'adam') adam({ params, m: from.moments.m.slice(), v: from.moments.v.slice() }, grads, step);
  else sgd({ params, velocity: from.moments.velocity.slice() }, grads, step);
  return params;
}

// The reference's float64 steps take seconds on one core.
describe('a CPU training step equals the reference engine', { timeout: 120_000 }, () => {
  it.each(cases)(
    '$model, $optimizer, batch $batch, schedule $schedule, augment $augment, label smoothing $smoothing: two steps',
    async ({ model, optimizer, batch, schedule, augment, smoothing = 0 }) => {
      const mnist = syntheticMnist(COUNT, 8, 11);
      const losses: number[] = [];
      const config = {
        model: specs.get(model) ?? preset(model),
        optimizer,
        learningRate: LR[optimizer],
        batchSize: batch,
        epochs: 1,
        seed: SEED,
        schedule,
        augment: augment !== false,
        ...(augment === 'warp' ? WARP : {}),
        labelSmoothing: smoothing,
      };
      const trainer = await CpuTrainer.create(ONE_THREAD, mnist, config, { onMetrics: (m) => losses.push(...m.loss) });
      const order = shuffledIndices(COUNT, SEED, 0);
      const shape = { batch, pixels: 784, count: COUNT, width: 28 };
      try {
        for (let step = 0; step < 2; step++) {
          const before = trainer.packedState();
          const state = before.state.slice();
          const warp = augment === 'warp' ? { rotate: (WARP.rotate * Math.PI) / 180, zoom: WARP.zoom } : {};
          const augmentation = { shift: augment ? AUGMENT_SHIFT : 0, ...warp, t: step + 1, seed: SEED };
          const { x, y: labels } = gather(mnist.train.images, mnist.train.labels, order, step * batch, shape, augmentation);
          const ref = lossAndGradient(trainer.graph, { params: before.params, state }, x, labels, batch, { t: step + 1, seed: SEED }, smoothing);

          expect(await trainer.trainSteps(1)).toBe(1);
          const after = trainer.packedState();
          expect(losses[step]).toBeCloseTo(ref.loss, 4);
          assertClose(after.grads, ref.grads, GRAD_TOL, `${model} gradients, step ${step + 1}`);
          assertClose(after.state, state, GRAD_TOL, `${model} running statistics, step ${step + 1}`);
          const lr = LR[optimizer] * scheduleFactor(schedule, step, trainer.totalSteps);
          const expected = update(optimizer, before, ref.grads, step + 1, lr);
          // Control: the comparison would catch a skipped update.
          expect(findMismatch(before.params, expected, PARAM_TOL), `${model}: step ${step + 1} moves the parameters past the tolerance`).not.toBeNull();
          assertClose(after.params, expected, PARAM_TOL, `${model} parameters after step ${step + 1}`);
        }
      } finally {
        await trainer.destroy();
      }
    },
  );
});
