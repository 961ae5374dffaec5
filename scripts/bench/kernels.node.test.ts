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
const timed: TimedDispatch[] = STEP.map(([label, phase]) => ({ label, phase, ms: 1 }));

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
    expect(rows.reduce((s, r) => s + r.ms, 0)).toBe(STEP.length);
  });

  it('sums a pass’s dispatches and names its kind and shapes', () => {
    expect(rows.find((r) => r.kernel === 'bn2 backward')).toMatchObject({
      kind: 'batchnorm',
      batch: 64,
      shape: '64×64×14×14 → 64×14×14',
      ms: 3,
      dispatches: 3,
    });
    expect(rows.find((r) => r.kernel === 'dense1 backward')).toMatchObject({ kind: 'dense', shape: '64×64×7×7 → 256', dispatches: 5 });
    expect(rows.find((r) => r.kernel === 'adam')).toMatchObject({ kind: 'step', shape: 'batch 64', gflop_per_s: null });
  });

  it('takes GFLOP/s from the layer kind’s count for the whole batch, none where nothing is counted', () => {
    // conv2 forward: 64 samples × 2·14·14·64·32·9 FLOPs in 1 ms
    expect(rows.find((r) => r.kernel === 'conv2 forward')?.gflop_per_s).toBeCloseTo((64 * 2 * 14 * 14 * 64 * 32 * 9) / 1e6, 6);
    // conv1 is first: its backward is the filter gradient alone
    expect(rows.find((r) => r.kernel === 'conv1 backward')?.gflop_per_s).toBeCloseTo((64 * 2 * 28 * 28 * 32 * 9) / 1e6, 6);
    expect(rows.find((r) => r.kernel === 'pool1 forward')?.gflop_per_s).toBeNull();
  });

  it('refuses a layer dispatch that names no layer of the model', () => {
    expect(() => layerFigures(graph, 64, [{ label: 'conv9.forward', phase: 'forward', ms: 1 }])).toThrow(
      /"conv9.forward" of the forward pass names no layer of bn-dropout/,
    );
  });
});
