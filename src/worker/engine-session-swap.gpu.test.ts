// A change of model on a real device: the old trainer's buffers are freed before the new plan
// allocates (the GPU never holds both), and a new plan the device refuses brings the old model
// back, weights, step and all, with a message naming the plan.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { EngineSession } from './engine-session.ts';
import type { EngineEvent } from './protocol.ts';
import { SESSION_TEST_CONFIG } from '../testing/session-config.ts';
import { until } from '../testing/until.ts';

const CONFIG = SESSION_TEST_CONFIG;

/** Follows the device's buffers by label, and can make it fail one allocation as a full GPU would. */
function watchBuffers(device: GPUDevice) {
  const live = new Map<GPUBuffer, string>();
  const state = { failLabel: null as string | null, liveOldAtFirstNew: -1 };
  const create = device.createBuffer.bind(device);
  device.createBuffer = (d: GPUBufferDescriptor) => {
    const label = d.label ?? '';
    if (label.startsWith('train-mlp-b32/') && state.liveOldAtFirstNew < 0) {
      state.liveOldAtFirstNew = [...live.values()].filter((l) => l.startsWith('train-mlp-b16/')).length;
    }
    // Too big for the device: a real failure, reported only to an error scope.
    const b = create(label === state.failLabel ? { ...d, size: device.limits.maxBufferSize + 4 } : d);
    live.set(b, label);
    const destroy = b.destroy.bind(b);
    b.destroy = () => {
      live.delete(b);
      destroy();
    };
    return b;
  };
  return { live, state };
}

describe('a change of model', () => {
  it('frees the old trainer first; a plan the device refuses brings the old model back', async () => {
    const events: EngineEvent[] = [];
    const backend = new GpuBackend(navigator.gpu);
    const session = new EngineSession({
      backend,
      loadData: () => Promise.resolve(syntheticMnist(1024, 64, 3)),
      loadPretrained: () => Promise.resolve(null),
    });
    await session.connect((e) => events.push(e));
    const device = backend.device!;
    const { live, state } = watchBuffers(device);
    await session.configure(CONFIG);
    const step = () => events.reduce((s, e) => (e.type === 'progress' ? e.progress.step : s), 0);
    await session.start();
    await until(() => step() >= 3, 'three steps');
    await session.pause();
    const trainedTo = step();
    const weights = await session.getWeights();

    state.failLabel = 'train-mlp-b32/grads';
    await expect(session.configure({ ...CONFIG, batchSize: 32 })).rejects.toThrow(
      /^the GPU (ran out of memory building|refused to build) the training plan of mlp at batch 32 \(\d+(\.\d+)? MiB\): /,
    );
    expect(state.liveOldAtFirstNew).toBe(0);
    // Nothing of the refused plan is left on the device.
    expect([...live.values()].filter((l) => l.startsWith('train-mlp-b32/'))).toEqual([]);
    expect(step()).toBe(trainedTo);
    expect((await session.getWeights())['dense1.weight'].data).toEqual(weights['dense1.weight'].data);
    const probs = await session.predict(new Float32Array(784).fill(0.5));
    expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);

    // The same change, once the device can make it, goes through.
    state.failLabel = null;
    await session.configure({ ...CONFIG, batchSize: 32 });
    expect([...live.values()].filter((l) => l.startsWith('train-mlp-b16/'))).toEqual([]);
  });
});
