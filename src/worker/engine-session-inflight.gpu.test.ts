// A change of model against the work in flight and a lost device: a prediction asked for just
// before an import (the first one, still building its plan) is answered by the imported model with
// no error, and a device lost while the imported model is being built (its error scopes then
// rejecting, as Chromium's do once its GPU process has crashed) still ends with the import done,
// on the new device, with the file's weights.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu/gpu-backend.ts';
import { parseModelSpec } from '../model/spec.ts';
import { randomF32 } from '../testing/random.ts';
import { SESSION_TEST_CONFIG } from '../testing/session-config.ts';
import { syntheticMnist } from '../testing/synthetic-mnist.ts';
import { until } from '../testing/until.ts';
import { EngineSession } from './engine-session.ts';
import type { EngineEvent } from './protocol.ts';

const CONFIG = SESSION_TEST_CONFIG;
const OTHER = { ...CONFIG, model: parseModelSpec({ name: 'other', layers: [{ kind: 'dense', units: 10 }] }), seed: 2 };

async function open() {
  const events: EngineEvent[] = [];
  const backend = new GpuBackend(navigator.gpu);
  const session = new EngineSession({
    backend,
    loadData: () => Promise.resolve(syntheticMnist(512, 64, 5)),
    loadPretrained: () => Promise.resolve(null),
  });
  await session.connect((e) => events.push(e));
  // A file of another network than the one in use: its buffers are told apart by their labels.
  await session.configure(OTHER);
  const file = await session.exportModel();
  const weights = await session.getWeights();
  await session.configure(CONFIG);
  const errors = () => events.filter((e) => e.type === 'error');
  return { session, backend, events, file, weights, errors };
}

describe('a change of model with work in flight', () => {
  it('a prediction asked for as an import begins is answered by the imported model, with no error', async () => {
    const { session, file, errors } = await open();
    const image = randomF32(784, 21, 0, 1);
    const first = session.predict(image);
    const swap = session.importModel(file.slice(0), 'other.safetensors');
    const [answer] = await Promise.all([first, swap]);
    expect(Array.from(answer)).toEqual(Array.from(await session.predict(image)));
    expect(errors()).toEqual([]);
  });

  it('a device lost while the imported model is built: the import ends done on the new device, with the file’s weights', async () => {
    const { session, backend, events, file, weights, errors } = await open();
    const device = backend.device!;
    let lost = false;
    const create = device.createBuffer.bind(device);
    device.createBuffer = (d: GPUBufferDescriptor) => {
      if (!lost && d.label?.startsWith('train-other-')) {
        lost = true;
        device.destroy();
      }
      return create(d);
    };
    const pop = device.popErrorScope.bind(device);
    device.popErrorScope = () => (lost ? Promise.reject(new DOMException('Instance dropped in popErrorScope', 'OperationError')) : pop());
    const answer = await session.importModel(file.slice(0), 'other.safetensors');
    expect(lost, 'the device was lost during the import').toBe(true);
    expect(answer.model.name).toBe('other');
    expect(events.some((e) => e.type === 'notice' && e.message.startsWith('Recovered on'))).toBe(true);
    expect(backend.device).not.toBe(device);
    const now = await session.getWeights();
    expect(
      now['dense1.weight'].data.every((v, i) => v === weights['dense1.weight'].data[i]),
      'the weights are the file’s',
    ).toBe(true);
    const probabilities = await session.predict(randomF32(784, 22, 0, 1));
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await until(() => events.some((e) => e.type === 'progress' && e.progress.state === 'idle'), 'an idle progress');
    expect(errors()).toEqual([]);
  });
});
