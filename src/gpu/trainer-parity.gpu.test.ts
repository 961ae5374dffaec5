// One whole training step on the GPU (gather, forward, loss, backward, optimizer) against the
// reference engine on the same weights and the same batch, for every preset and for specs that
// use every layer kind; and with augmentation (shifts, and for cnn-bn rotations and scaling too)
// and cosine and one-cycle schedules, so the augmented batch and the scheduled rate are checked too.
import { describe, expect, it } from 'vitest';
import { shuffledIndices } from '../data/shuffle.ts';
import { AUGMENT_SHIFT } from '../model/augment.ts';
import { adam } from '../reference/adam.ts';
import { gather } from '../reference/gather.ts';
import { lossAndGradient } from '../reference/network.ts';
import { sgd } from '../reference/sgd.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { readF32, testGpu } from '../testing/gpu.ts';
import { PARITY_SPECS } from '../testing/specs.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import type { OptimizerName, ScheduleName } from '../model/config.ts';
import { scheduleFactor } from '../model/lr-schedule.ts';
import { preset } from '../model/presets.ts';
import { GpuDataset } from './dataset.ts';
import { DEFAULT_STEP, type StepParams } from './step-params.ts';
import { Trainer } from './trainer.ts';

// Gradients: f32 sums of a few thousand terms on the GPU vs float64 in the reference.
const GRAD_TOL = { atol: 2e-5, rtol: 2e-3 };
// One Adam step moves a weight by at most lr (1e-3); a gradient sign flip at noise level moves
// it by lr·|g|/(|g|+eps), which stays far below 1e-4 for |g| near zero. SGD moves a weight by
// lr·v: its gradient's error times lr (0.1) is far below 1e-4 too.
const PARAM_TOL = { atol: 1e-4, rtol: 1e-4 };
// Rates whose steps move the weights by more than PARAM_TOL, so that a skipped update, or a
// schedule ignored, fails the comparison (each case proves it of its own steps: the controls below).
const LR: Record<OptimizerName, number> = { adam: 1e-3, sgd: 0.1 };
const COUNT = 48;

const SEED = 3;

// `kernels`: on a software adapter the trainer picks the register kernels; 'tiled' forces the
// workgroup-tiled ones that real GPUs run (with dense1's forward split over K), so the whole step
// is checked on both.
type Kernels = 'auto' | 'tiled';

const specs = new Map(PARITY_SPECS.map((s) => [s.name, s]));

// cnn-bn's recipe turns and scales its digits too: by up to this much (degrees, fraction).
const WARP = { rotate: 10, zoom: 0.1 };
type Augment = boolean | 'warp';

const cases: { model: string; optimizer: OptimizerName; batch: number; schedule: ScheduleName; augment: Augment; kernels: Kernels; smoothing?: number }[] = [
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

/** The parameters after one reference step of `optimizer` from copies of the given state. */
function update(
  optimizer: OptimizerName,
  from: { params: Float32Array; m: Float32Array; v: Float32Array | null },
  grads: Float32Array,
  hyper: StepParams,
): Float32Array {
  const params = from.params.slice();
  if (optimizer === 'adam') adam({ params, m: from.m.slice(), v: from.v!.slice() }, grads, hyper);
  else sgd({ params, velocity: from.m.slice() }, grads, hyper);
  return params;
}

describe('a GPU training step equals the reference engine', () => {
  it.each(cases)(
    '$model, $optimizer, batch $batch, schedule $schedule, augment $augment, $kernels kernels, label smoothing $smoothing: two steps',
    async ({ model, optimizer, batch, schedule, augment, kernels, smoothing = 0 }) => {
      const base = await testGpu();
      const gpu = kernels === 'tiled' ? { ...base, software: false } : base;
      const mnist = syntheticMnist(COUNT, 8, 11);
      const data = GpuDataset.upload(gpu.device, mnist);
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
      const trainer = await Trainer.create(gpu, data, config, { onMetrics: (m) => losses.push(...m.loss) });
      const { graph, plan } = trainer;
      const order = shuffledIndices(COUNT, SEED, 0);
      const shape = { batch, pixels: 784, count: COUNT, width: 28 };
      let scheduledSteps = 0;
      try {
        for (let step = 0; step < 2; step++) {
          // The reference starts each step from the GPU's own state, so a step is checked alone.
          const params = await readF32(gpu, plan.params);
          const state = await readF32(gpu, plan.state);
          const [first, second] = Object.values(plan.moments);
          const m = await readF32(gpu, first);
          const v = second ? await readF32(gpu, second) : null;
          const warp = augment === 'warp' ? { rotate: (WARP.rotate * Math.PI) / 180, zoom: WARP.zoom } : {};
          const augmentation = { shift: augment ? AUGMENT_SHIFT : 0, ...warp, t: step + 1, seed: SEED };
          const { x, y: labels } = gather(mnist.train.images, mnist.train.labels, order, step * batch, shape, augmentation);
          // Updates `state` as the GPU's training forward updates its running statistics.
          const ref = lossAndGradient(graph, { params, state }, x, labels, batch, { t: step + 1, seed: SEED }, smoothing);

          expect(await trainer.trainSteps(1)).toBe(1);
          expect(losses[step]).toBeCloseTo(ref.loss, 4);
          assertClose(await readF32(gpu, plan.grads), ref.grads, GRAD_TOL, `${model} gradients, step ${step + 1}`);
          assertClose(await readF32(gpu, plan.state), state, GRAD_TOL, `${model} running statistics, step ${step + 1}`);

          const stepAt = (lr: number) => update(optimizer, { params, m, v }, ref.grads, { ...DEFAULT_STEP, t: step + 1, lr });
          const lr = LR[optimizer] * scheduleFactor(schedule, step, trainer.totalSteps);
          const expected = stepAt(lr);
          // Controls: the comparison below catches a trainer that skipped this step's update, and
          // one that ignored the schedule (ran this step at the set rate).
          expect(findMismatch(params, expected, PARAM_TOL), `${model}: step ${step + 1} moves the parameters past the tolerance`).not.toBeNull();
          if (lr !== LR[optimizer]) {
            const unscheduled = stepAt(LR[optimizer]);
            expect(findMismatch(unscheduled, expected, PARAM_TOL), `${model}: the set rate, unscheduled, is told apart at step ${step + 1}`).not.toBeNull();
            scheduledSteps++;
          }
          assertClose(await readF32(gpu, plan.params), expected, PARAM_TOL, `${model} parameters after step ${step + 1}`);
        }
        if (schedule !== 'constant') expect(scheduledSteps, 'steps whose scheduled rate differs from the set rate').toBeGreaterThan(0);
      } finally {
        await trainer.destroy();
        data.destroy();
      }
    },
  );
});
