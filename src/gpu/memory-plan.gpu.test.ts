// The memory figure is the plan: for networks of every kind, batch sizes on and off the kernels'
// multiples and both optimizers, what the planners allocate on a real device is byte for byte
// what the layouts declare; and a plan over the budget is refused before any buffer exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerName } from '../model/config.ts';
import { buildGraph } from '../model/graph.ts';
import { preset } from '../model/presets.ts';
import { parseModelSpec, type ModelSpec } from '../model/spec.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { countBufferCreation, testGpu } from '../testing/gpu.ts';
import type { GpuHost } from './context.ts';
import { GpuDataset } from './dataset.ts';
import { EvalPlan, evalPlanDecls, evalPlanLayout, PredictPlan, predictPlanDecls, predictPlanLayout } from './eval-plan.ts';
import { InsidePlan, insidePlanDecls, insidePlanLayout } from './inside-plan.ts';
import { sumBytes } from './memory.ts';
import { GPU_MEMORY_BUDGET, planMemory } from './memory-plan.ts';
import { trainerDecls } from './train-plan.ts';
import { Trainer } from './trainer.ts';

let gpu: GpuHost;
let data: GpuDataset;

beforeAll(async () => {
  gpu = await testGpu();
  data = GpuDataset.upload(gpu.device, syntheticMnist(1100, 70, 5));
});

afterAll(() => data.destroy());

// Batch norm first (no input gradient: its unused dx), dropout, both pools, split-K dense layers.
const mixed = parseModelSpec({
  name: 'mixed',
  layers: [
    { kind: 'conv2d', filters: 6, kernel: 3, padding: 'same', bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'avgpool', size: 2 },
    { kind: 'dropout', rate: 0.2 },
    { kind: 'conv2d', filters: 10, kernel: 3 },
    { kind: 'maxpool', size: 2 },
    { kind: 'dense', units: 40, activation: 'tanh' },
    { kind: 'batchnorm' },
    { kind: 'dense', units: 10 },
  ],
});
const bnFirst = parseModelSpec({ name: 'bn-first', layers: [{ kind: 'batchnorm' }, { kind: 'globalavgpool' }, { kind: 'dense', units: 10 }] });

const cases: [string, number, OptimizerName, ModelSpec][] = (
  [
    [preset('cnn'), 64, 'adam'],
    [preset('cnn-bn'), 37, 'adam'],
    [preset('mlp'), 1, 'sgd'],
    [mixed, 100, 'sgd'],
    [bnFirst, 13, 'adam'],
    // The recurrent layer's sequence, step slots and backward-through-time buffers are scratch too.
    [preset('rnn'), 7, 'adam'],
  ] as const
).map(([model, batch, optimizer]) => [model.name, batch, optimizer, model]);

describe('GPU memory from the plan', () => {
  it.each(cases)('%s at batch %i with %s: the trainer allocates exactly what its layout declares', async (_name, batchSize, optimizer, model) => {
    const graph = buildGraph(model);
    const t = await Trainer.create(gpu, data, { model, optimizer, learningRate: 1e-3, batchSize, epochs: 1, seed: 1 });
    try {
      await t.trainSteps(2);
      expect(t.allocatedBytes).toBe(sumBytes(trainerDecls(graph, batchSize, optimizer, data.train.count, Boolean(gpu.software))));
    } finally {
      await t.destroy();
    }
  });

  it.each(cases)('%s: evaluation, prediction and the inside view allocate exactly what their layouts declare', async (_name, _batch, _optimizer, model) => {
    const graph = buildGraph(model);
    const params = gpu.device.createBuffer({ size: Math.max(4, graph.paramFloats * 4), usage: GPUBufferUsage.STORAGE });
    const state = gpu.device.createBuffer({ size: Math.max(4, graph.stateFloats * 4), usage: GPUBufferUsage.STORAGE });
    const evaluation = await EvalPlan.build(gpu, graph, { params, state }, data.test);
    const prediction = await PredictPlan.build(gpu, graph, { params, state });
    const inside = await InsidePlan.build(gpu, graph, { params, state });
    try {
      expect(evaluation.arena.allocatedBytes).toBe(sumBytes(evalPlanDecls(evalPlanLayout(graph, data.test.count, Boolean(gpu.software)))));
      expect(prediction.arena.allocatedBytes).toBe(sumBytes(predictPlanDecls(predictPlanLayout(graph, Boolean(gpu.software)))));
      expect(inside.arena.allocatedBytes).toBe(sumBytes(insidePlanDecls(insidePlanLayout(graph, Boolean(gpu.software)))));
    } finally {
      inside.arena.destroy();
      evaluation.arena.destroy();
      prediction.arena.destroy();
      params.destroy();
      state.destroy();
    }
  });

  it('refuses a plan over the budget, naming the figure, before it allocates anything', async () => {
    const wide = { kind: 'conv2d', filters: 64, kernel: 3, padding: 'same' } as const;
    const model = parseModelSpec({ name: 'wide', layers: [wide, wide, wide, { kind: 'globalavgpool' }, { kind: 'dense', units: 10 }] });
    const memory = planMemory(buildGraph(model), {
      batch: 1024,
      optimizer: 'adam',
      trainCount: data.train.count,
      testCount: data.test.count,
      dataBytes: data.bytes,
      software: Boolean(gpu.software),
    });
    expect(memory.total).toBeGreaterThan(GPU_MEMORY_BUDGET);
    const counter = countBufferCreation(gpu.device);
    try {
      const made = Trainer.create(gpu, data, { model, optimizer: 'adam', learningRate: 1e-3, batchSize: 1024, epochs: 1, seed: 1 });
      await expect(made).rejects.toThrow(/training wide at batch 1024 needs \d\.\d\d GiB of GPU memory, over the engine's budget of 1\.00 GiB/);
      expect(counter.created).toBe(0);
    } finally {
      counter.restore();
    }
  });
});
