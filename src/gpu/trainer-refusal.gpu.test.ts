// Out of GPU memory on a real device: a network and batch that do not fit are refused with their
// names and bytes before anything is allocated; an error the device reports while a plan is built
// refuses that build; and work the device refused (a training submit, an evaluation) is an
// error, never a loss of 0 read back from buffers nothing wrote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../model/presets.ts';
import { parseModelSpec } from '../model/spec.ts';
import type { TrainConfig } from '../model/config.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { countBufferCreation, testGpu } from '../testing/gpu.ts';
import type { GpuHost } from './context.ts';
import { GpuDataset } from './dataset.ts';
import { buildInErrorScopes, GpuBuildError } from './device.ts';
import { deviceMemoryLimits } from './memory-plan.ts';
import { Trainer } from './trainer.ts';

let gpu: GpuHost;
let data: GpuDataset;

beforeAll(async () => {
  gpu = await testGpu();
  data = GpuDataset.upload(gpu.device, syntheticMnist(1100, 64, 5));
});

afterAll(() => data.destroy());

const CONFIG: TrainConfig = { model: preset('mlp'), optimizer: 'adam', learningRate: 1e-3, batchSize: 16, epochs: 1, seed: 1 };

/** Catches what the device reports while `fn` runs, so the test page sees no uncaptured error. */
async function scoped<T>(fn: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; error: GPUError | null }> {
  gpu.device.pushErrorScope('validation');
  const [result] = await Promise.allSettled([fn()]);
  return { result, error: await gpu.device.popErrorScope() };
}

describe('a network and batch that do not fit', () => {
  it("one buffer over the device's limit: refused naming the network, the buffer, the batch and the bytes, before any allocation", async () => {
    const { maxBufferBytes } = deviceMemoryLimits(gpu.device);
    // A same-padded conv's output at batch 1024 holds 28·28·filters floats per image: enough filters pass the limit.
    const filters = Math.ceil(maxBufferBytes / (784 * 4 * 1024)) + 1;
    expect(filters, `this device's buffer limit (${maxBufferBytes} bytes) is beyond what a spec can reach`).toBeLessThanOrEqual(1024);
    const model = parseModelSpec({
      name: 'huge',
      layers: [{ kind: 'conv2d', filters, kernel: 1, padding: 'same' }, { kind: 'globalavgpool' }, { kind: 'dense', units: 10 }],
    });
    const counter = countBufferCreation(gpu.device);
    try {
      const made = Trainer.create(gpu, data, { ...CONFIG, model, batchSize: 1024 });
      await expect(made).rejects.toThrow(/^huge's .+ needs \d+\.\d\d GiB at batch 1024, over this GPU's \d+(\.\d+)? [GM]iB per buffer: lower the batch size/);
      expect(counter.created).toBe(0);
    } finally {
      counter.restore();
    }
  });
});

describe('plans are built inside error scopes', () => {
  it('an error the device reports during a build refuses it, names the plan, and frees what was made', async () => {
    const { maxBufferSize } = gpu.device.limits;
    let freed = 0;
    const build = buildInErrorScopes(
      gpu.device,
      'the test plan',
      () => {
        // WebGPU does not throw here: the buffer is invalid, and only an error scope hears of it.
        const buffer = gpu.device.createBuffer({ size: maxBufferSize + 4, usage: GPUBufferUsage.STORAGE });
        return Promise.resolve(buffer);
      },
      (buffer) => {
        buffer.destroy();
        freed++;
      },
    );
    await expect(build).rejects.toThrow(GpuBuildError);
    await expect(build).rejects.toThrow(/^the GPU (ran out of memory building|refused to build) the test plan: /);
    expect(freed).toBe(1);
    // The scopes were popped: the next build on the device succeeds.
    const ok = await buildInErrorScopes(
      gpu.device,
      'a small plan',
      () => Promise.resolve(gpu.device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE })),
      (b) => b.destroy(),
    );
    expect(ok.size).toBe(16);
    ok.destroy();
  });

  it('a trainer whose allocation fails on the device is refused, not made', async () => {
    // The real device, asked for one buffer it cannot make (as when memory runs out): the failure
    // is the device's own, reported only to an error scope.
    const device = new Proxy(gpu.device, {
      get(target, prop) {
        if (prop === 'createBuffer') {
          return (d: GPUBufferDescriptor) => target.createBuffer(d.label?.endsWith('/grads') ? { ...d, size: target.limits.maxBufferSize + 4 } : d);
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const made = Trainer.create({ ...gpu, device }, data, CONFIG);
    await expect(made).rejects.toThrow(
      /^the GPU (ran out of memory building|refused to build) the training plan of mlp at batch 16 \(\d+(\.\d+)? (KiB|MiB)\): /,
    );
  });
});

describe('missing metrics are a failure', () => {
  it('a submit the device refused stops training with a message; no loss of 0 is reported', async () => {
    const losses: number[] = [];
    const t = await Trainer.create(gpu, data, CONFIG, { onMetrics: (m) => losses.push(...m.loss) });
    try {
      await t.trainSteps(2);
      expect(losses).toHaveLength(2);
      // A buffer of the plan gone (as after a failed allocation): every later submit is invalid.
      t.plan.metrics.destroy();
      const { result, error } = await scoped(() => t.trainSteps(3));
      expect(error).not.toBeNull();
      expect(result.status).toBe('rejected');
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/the GPU did not write the metrics of steps 3–\d+: its work was refused/);
      expect(losses).toHaveLength(2);
      // It stays failed: the next call says so again rather than train on.
      const again = await scoped(() => t.trainSteps(1));
      expect(again.result.status).toBe('rejected');
    } finally {
      await t.destroy();
    }
  });

  it('an evaluation the device refused is an error, not class 0 at loss 0', async () => {
    const t = await Trainer.create(gpu, data, CONFIG);
    try {
      // The plan made and run once while all is well.
      expect((await t.evaluate(10)).predictions).toHaveLength(10);
      t.plan.params.destroy();
      const evaluation = await scoped(() => t.evaluate(10));
      expect(evaluation.error).not.toBeNull();
      expect(String((evaluation.result as PromiseRejectedResult).reason)).toMatch(/the GPU did not write the evaluation/);
    } finally {
      await t.destroy();
    }
  });

  it('a prediction the device refused is an error, not the previous reading', async () => {
    const t = await Trainer.create(gpu, data, CONFIG);
    try {
      const image = new Float32Array(784).fill(0.5);
      // The first reading lands in the staging buffer that the next one reuses.
      expect(await t.predict(image)).toHaveLength(10);
      t.plan.params.destroy();
      const prediction = await scoped(() => t.predict(image));
      expect(prediction.error).not.toBeNull();
      expect(String((prediction.result as PromiseRejectedResult).reason)).toMatch(/predict: the GPU did not run it/);
    } finally {
      await t.destroy();
    }
  });
});
