import { describe, expect, it } from 'vitest';
import { BN_DROPOUT } from '../../src/testing/specs.ts';
import { buildGraph } from '../../src/model/graph.ts';
import { layerFigures, type Phase, type TimedDispatch } from './kernels.ts';

// One such training step as its plan labels the dispatches, each taking 1 ms.
const STEP: [string, Phase][] = [
  ['gather', 'step'],
  ['conv1.forward', 'forward'],
  ['bn1.forward/stats', 'forward'],
  ['bn1.forward/normalize', 'forward'],
  ['pool1.forward', 'forward'],
  ['conv2.forward', 'forward'],
  ['bn2.forward/stats', 'forward'],
  ['bn2.forward/normalize', 'forward'],
  ['pool2.forward', 'forward'],
  ['dropout1.forward.0', 'forward'],
  ['dense1.forward', 'forward'],
  ['dropout2.forward.0', 'forward'],
  ['dense2.forward', 'forward'],
  ['softmax-xent', 'step'],
  ['dense2.grad-weight', 'backward'],
  ['dense2.grad-bias', 'backward'],
  ['dense2.grad-input', 'backward'],
  ['dropout2.backward.0', 'backward'],
  ['dense1.activation-backward', 'backward'],
  ['dense1.grad-weight.slices', 'backward'],
  ['dense1.grad-weight.reduce', 'backward'],
  ['dense1.grad-bias', 'backward'],
  ['dense1.grad-input', 'backward'],
  ['dropout1.backward.0', 'backward'],
  ['pool2.backward', 'backward'],
  ['bn2.activation-backward', 'backward'],
  ['bn2.backward/reduce', 'backward'],
  ['bn2.backward/dx', 'backward'],
  ['conv2.grad-filter', 'backward'],
  ['conv2.grad-input', 'backward'],
  ['pool1.backward', 'backward'],
  ['bn1.activation-backward', 'backward'],
  ['bn1.backward/reduce', 'backward'],
  ['bn1.backward/dx', 'backward'],
  ['conv1.grad-filter', 'backward'],
  ['adam', 'step'],
];
// What the plans chose, where a test reads it; the rest a one-variant kernel.
const PLANS: Record<string, TimedDispatch['plan']> = {
  'dense1.grad-weight.slices': { variant: 'software-vec4', entry: 'matmul-vec4:software', grid: '1×85×2' },
  'dense1.grad-weight.reduce': { variant: '', entry: 'split-k-reduce:main', grid: '128×1×1' },
  'dense1.grad-input': { variant: 'software-vec4', entry: 'matmul-vec4:software', grid: '6×8×1' },
};
const ONE_VARIANT = { variant: '', entry: 'kernel:main', grid: '1×1×1' };
const timed: TimedDispatch[] = STEP.map(([label, phase], i) => ({ label, phase, ms: i, plan: PLANS[label] ?? ONE_VARIANT }));

describe('layerFigures', () => {
  const graph = buildGraph(BN_DROPOUT);
  const rows = layerFigures(graph, 64, timed);

  it('gives every layer of any kind its forward and backward, in model order, then the step’s own dispatches', () => {
    expect(rows.map((r) => r.kernel)).toEqual([
      'conv1 forward',
      'conv1 backward',
      'bn1 forward',
      'bn1 backward',
      'pool1 forward',
      'pool1 backward',
      'conv2 forward',
      'conv2 backward',
      'bn2 forward',
      'bn2 backward',
      'pool2 forward',
      'pool2 backward',
      'dropout1 forward',
      'dropout1 backward',
      'dense1 forward',
      'dense1 backward',
      'dropout2 forward',
      'dropout2 backward',
      'dense2 forward',
      'dense2 backward',
      'gather',
      'softmax-xent',
      'adam',
    ]);
    expect(rows.reduce((s, r) => s + r.dispatches, 0)).toBe(STEP.length);
    expect(rows.reduce((s, r) => s + r.ms, 0)).toBe((STEP.length * (STEP.length - 1)) / 2);
  });

  it('sums a pass’s dispatches and names its kind and shapes', () => {
    expect(rows.find((r) => r.kernel === 'bn2 backward')).toMatchObject({
      kind: 'batchnorm',
      batch: 64,
      shape: '64×64×14×14 → 64×14×14',
      ms: 25 + 26 + 27,
      dispatches: 3,
    });
    expect(rows.find((r) => r.kernel === 'dense1 backward')).toMatchObject({ kind: 'dense', shape: '64×64×7×7 → 256', dispatches: 5 });
    expect(rows.find((r) => r.kernel === 'adam')).toMatchObject({ kind: 'step', shape: 'batch 64', gflop_per_s: null });
  });

  it('lists a pass’s dispatches in step order, each with the plan that chose its kernel and its time', () => {
    expect(rows.find((r) => r.kernel === 'dense1 backward')?.plans).toEqual([
      { label: 'dense1.activation-backward', variant: '', entry: 'kernel:main', grid: '1×1×1', ms: 18 },
      { label: 'dense1.grad-weight.slices', variant: 'software-vec4', entry: 'matmul-vec4:software', grid: '1×85×2', ms: 19 },
      { label: 'dense1.grad-weight.reduce', variant: '', entry: 'split-k-reduce:main', grid: '128×1×1', ms: 20 },
      { label: 'dense1.grad-bias', variant: '', entry: 'kernel:main', grid: '1×1×1', ms: 21 },
      { label: 'dense1.grad-input', variant: 'software-vec4', entry: 'matmul-vec4:software', grid: '6×8×1', ms: 22 },
    ]);
    expect(rows.find((r) => r.kernel === 'adam')?.plans.map((p) => p.label)).toEqual(['adam']);
  });

  it('takes GFLOP/s from the layer kind’s count for the whole batch, none where nothing is counted', () => {
    // conv2 forward: 64 samples × 2·14·14·64·32·9 FLOPs in 5 ms (the 6th dispatch)
    expect(rows.find((r) => r.kernel === 'conv2 forward')?.gflop_per_s).toBeCloseTo((64 * 2 * 14 * 14 * 64 * 32 * 9) / 5e6, 6);
    // conv1 is first: its backward is the filter gradient alone (the 35th dispatch)
    expect(rows.find((r) => r.kernel === 'conv1 backward')?.gflop_per_s).toBeCloseTo((64 * 2 * 28 * 28 * 32 * 9) / 34e6, 6);
    expect(rows.find((r) => r.kernel === 'pool1 forward')?.gflop_per_s).toBeNull();
  });

  it('refuses a layer dispatch that names no layer of the model', () => {
    expect(() => layerFigures(graph, 64, [{ label: 'conv9.forward', phase: 'forward', ms: 1, plan: ONE_VARIANT }])).toThrow(
      /"conv9.forward" of the forward pass names no layer of bn-dropout/,
    );
  });
});
