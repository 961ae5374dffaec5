// The worker's engine on a real device: events, training, prediction during training, bad
// settings refused with the model untouched, and recovery from a lost device with the kept weights.
import { describe, expect, it } from 'vitest';
import type { NamedTensors } from '../model/graph.ts';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { EngineSession } from './engine-session.ts';
import type { EngineEvent, TrainConfig } from './protocol.ts';
import { SESSION_TEST_CONFIG } from '../testing/session-config.ts';
import { until } from '../testing/until.ts';

const CONFIG = SESSION_TEST_CONFIG;

async function connected(gpu: GPU = navigator.gpu) {
  const events: EngineEvent[] = [];
  const backend = new GpuBackend(gpu);
  const session = new EngineSession({
    backend,
    loadData: () => Promise.resolve(syntheticMnist(2048, 256, 7)),
    loadPretrained: () => Promise.resolve(null),
  });
  await session.connect((e) => events.push(e));
  await session.configure(CONFIG);
  const lastStep = () => events.reduce((s, e) => (e.type === 'progress' ? e.progress.step : s), 0);
  const notices = () => events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
  return { session, backend, events, lastStep, notices };
}

/** navigator.gpu, unchanged but for keeping each device it gives in `devices`: a test can then lose one. */
function keepingDevices(devices: GPUDevice[]): GPU {
  const forward = <T extends object>(target: T, own: Partial<T>): T =>
    new Proxy(target, {
      get: (t, key) => {
        if (key in own) return own[key as keyof T];
        const value: unknown = Reflect.get(t, key);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
  return forward(navigator.gpu, {
    requestAdapter: async (options?: GPURequestAdapterOptions) => {
      const adapter = await navigator.gpu.requestAdapter(options);
      return (
        adapter &&
        forward(adapter, {
          requestDevice: async (descriptor?: GPUDeviceDescriptor) => {
            const device = await adapter.requestDevice(descriptor);
            devices.push(device);
            return device;
          },
        })
      );
    },
  });
}

/** Every tensor equal, element by element (compared whole: a diff of 100,000 floats would take minutes to print). */
function sameWeights(a: NamedTensors, b: NamedTensors): boolean {
  const names = Object.keys(a);
  return (
    names.length === Object.keys(b).length && names.every((n) => b[n] && a[n].data.length === b[n].data.length && a[n].data.every((v, i) => v === b[n].data[i]))
  );
}

describe('EngineSession', () => {
  it('trains, answers predictions meanwhile, pauses, and refuses bad settings without touching the model', async () => {
    const { session, events, lastStep } = await connected();
    expect(events.find((e) => e.type === 'ready')).toMatchObject({ trainSize: 2048, testSize: 256, pretrained: null });
    await session.start();
    await until(() => lastStep() >= 5, 'five steps');
    const probs = await session.predict(new Float32Array(784).fill(0.5));
    expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    await session.pause();
    const before = await session.getWeights();
    await expect(session.configure({ ...CONFIG, batchSize: 0 })).rejects.toThrow(/batch size must be a whole number/);
    await expect(session.setLearningRate(-1)).rejects.toThrow(/learning rate must be > 0/);
    const badSpec = { name: 'bad', layers: [{ kind: 'dense', units: 0 }] } as unknown as TrainConfig['model'];
    await expect(session.configure({ ...CONFIG, model: badSpec })).rejects.toThrow(/layer 1 \(dense1, dense\): units must be a whole number/);
    const after = await session.getWeights();
    expect(after['dense1.weight'].data).toEqual(before['dense1.weight'].data);
    const evaluation = await session.evaluate();
    expect(evaluation.confusion.flat().reduce((a, b) => a + b)).toBe(256);
  });

  it('starts untrained, with a notice, when the pretrained model decodes but does not build', async () => {
    const events: EngineEvent[] = [];
    const nan = { 'dense1.weight': { shape: [784, 128], data: new Float32Array(784 * 128).fill(Number.NaN) } };
    const session = new EngineSession({
      backend: new GpuBackend(navigator.gpu),
      loadData: () => Promise.resolve(syntheticMnist(256, 64, 3)),
      loadPretrained: () => Promise.resolve({ config: CONFIG, weights: nan, label: 'broken' }),
    });
    await session.connect((e) => events.push(e));
    expect(events.find((e) => e.type === 'ready')).toMatchObject({ pretrained: null });
    const notice = events.find((e) => e.type === 'notice') as { message: string } | undefined;
    expect(notice?.message).toMatch(/^The pretrained model could not be built \(.*\); starting untrained\.$/);
    const probs = await session.predict(new Float32Array(784).fill(0.5));
    expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
  });

  it('answers what a network would hold on the GPU, and refuses to train one over the budget with the same words', async () => {
    const { session } = await connected();
    const fits = await session.planMemory(CONFIG);
    expect(fits.problem).toBeNull();
    expect(fits.total).toBe(fits.training + fits.evaluation + fits.data);
    // The data: 2,048 + 256 synthetic images of 784 bytes and their labels.
    expect(fits.data).toBe((2048 + 256) * 785);
    const wide = { kind: 'conv2d', filters: 64, kernel: 3, padding: 'same' } as const;
    const model = { name: 'wide', layers: [wide, wide, wide, { kind: 'globalavgpool' }, { kind: 'dense', units: 10 }] } as unknown as TrainConfig['model'];
    const big = { ...CONFIG, model, batchSize: 1024 };
    const over = await session.planMemory(big);
    expect(over.total).toBeGreaterThan(over.budget);
    expect(over.problem).toMatch(/^training wide at batch 1024 needs \d\.\d\d GiB of GPU memory, over the engine's budget of 1\.00 GiB/);
    await expect(session.configure(big)).rejects.toThrow(over.problem!);
  });

  it('trains any spec it is given, and its exported file rebuilds that network with its running statistics', async () => {
    const { session, lastStep } = await connected();
    const model = {
      name: 'small-bn',
      layers: [
        { kind: 'conv2d', filters: 4, kernel: 5, stride: 2 },
        { kind: 'batchnorm', activation: 'relu' },
        { kind: 'avgpool', size: 2 },
        { kind: 'dropout', rate: 0.2 },
        { kind: 'dense', units: 10 },
      ],
    };
    await session.configure({ ...CONFIG, model: model as unknown as TrainConfig['model'] });
    await session.start();
    await until(() => lastStep() >= 5, 'five steps');
    await session.pause();
    const file = await session.exportModel();
    const weights = await session.getWeights();
    // Back to the preset, then the file brings the custom network back, weights and statistics and all.
    await session.configure(CONFIG);
    const loaded = await session.importModel(file, 'small-bn.safetensors');
    expect(loaded.model.layers.map((l) => l.name)).toEqual(['conv1', 'bn1', 'avgpool1', 'dropout1', 'dense1']);
    const again = await session.getWeights();
    for (const name of ['conv1.weight', 'bn1.gamma', 'bn1.running_mean', 'bn1.running_var']) expect(again[name].data, name).toEqual(weights[name].data);
    expect(weights['bn1.running_var'].data.some((v) => v !== 1)).toBe(true);
  });

  it("recovers from a lost device: a new device, the last weights (by value, not the seed's), training goes on", async () => {
    const devices: GPUDevice[] = [];
    const { session, lastStep, notices } = await connected(keepingDevices(devices));
    const untrained = await session.getWeights();
    await session.start();
    await until(() => lastStep() >= 3, 'three steps');
    // Paused, the session keeps the run's state at once: the backup a lost device restores.
    await session.pause();
    const pausedAt = lastStep();
    const kept = await session.getWeights();
    expect(sameWeights(kept, untrained), 'training changed the weights').toBe(false);
    // A real loss, as a driver reset would cause it.
    devices.at(-1)!.destroy();
    await until(() => notices().some((m) => m.startsWith('Recovered on')), 'the recovery notice');
    expect(notices()[0]).toMatch(/GPU device was lost/);
    expect(notices().at(-1)).toMatch(new RegExp(`, from the weights of step ${pausedAt}\\.$`));
    expect(devices.length, 'a new device').toBe(2);
    expect(sameWeights(await session.getWeights(), kept), 'the weights after the recovery are the ones kept at the pause').toBe(true);
    await session.resume();
    await until(() => lastStep() > pausedAt + 3, 'training after recovery');
    await session.pause();
  });
});
