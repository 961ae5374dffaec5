// The seed CNN in jax-js (jaxjs-model.ts) behind the benchmark's engine interface, on one of its
// devices: `webgpu` (its own GPUDevice on the same adapter) or `wasm` (threaded through a
// SharedArrayBuffer where the page is cross-origin isolated, as the bench page is). A training
// step is one jit(): gather the batch, forward, loss, backward (valueAndGrad), Adam. Like
// Inkling and TF.js, the training set is uploaded once; a step uploads only its batch's
// indices (the same seeded order, batch-order.ts) and the two bias-correction scalars.
import { blockUntilReady, defaultDevice, getWebGPUDevice, init, jit, nn, numpy as np, tree, valueAndGrad, type Array as JaxArray } from '@jax-js/jax';
import type { Mnist } from '../../src/data/mnist.ts';
import { BatchOrder } from './batch-order.ts';
import type { BenchEngine } from './engine.ts';
import { adamUpdate, biasCorrections, cnnParams, CLASSES, hostValues, logits, loss, SIDE, type JaxCnnParams } from './jaxjs-model.ts';
import { inklingCnnInit } from './shared-init.ts';

export type JaxjsDevice = 'webgpu' | 'wasm';

const PIXELS = SIDE * SIDE;
/** Test images per forward call of the accuracy check. */
const EVAL_CHUNK = 250;

function floats(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] / 255;
  return out;
}

function describeDevice(device: JaxjsDevice): string {
  if (device === 'webgpu') {
    const info = getWebGPUDevice().adapterInfo;
    const on = [info.vendor, info.architecture].filter(Boolean).join(' ');
    return `jax-js 0.1.25 webgpu${on ? ` on ${on}` : ''}`;
  }
  const threads = globalThis.crossOriginIsolated
    ? `${navigator.hardwareConcurrency} worker threads (cross-origin isolated)`
    : 'one thread (not cross-origin isolated)';
  return `jax-js 0.1.25 wasm, ${threads}`;
}

/** One training step: consumes all its arguments; returns the loss and the new params, m and v. */
function trainStep(p: JaxCnnParams, m: JaxCnnParams, v: JaxCnnParams, trainX: JaxArray, trainY: JaxArray, idx: JaxArray, bc1: JaxArray, bc2: JaxArray) {
  const x = np.take(trainX, idx.ref, 0).reshape([-1, 1, SIDE, SIDE]);
  const y = nn.oneHot(np.take(trainY, idx, 0), CLASSES);
  const [lossValue, g] = valueAndGrad(loss)(tree.ref(p), x, y);
  const [P, M, V] = adamUpdate(p, g, m, v, bc1, bc2);
  return [lossValue, P, M, V] as [JaxArray, JaxCnnParams, JaxCnnParams, JaxCnnParams];
}

export async function createJaxjsEngine(device: JaxjsDevice, mnist: Mnist, batch: number, seed: number): Promise<BenchEngine> {
  const ready = await init(device);
  if (!ready.includes(device)) throw new Error(`jax-js device "${device}" did not initialise (init gave ${JSON.stringify(ready)})`);
  // Arrays are made on the default device; switch before each use, as the TF.js engine does.
  const use = () => defaultDevice(device);
  use();
  const order = new BatchOrder(mnist.train.count, batch, seed);
  const trainX = np.array(floats(mnist.train.images), { shape: [mnist.train.count, PIXELS] });
  const trainY = np.array(Int32Array.from(mnist.train.labels), { shape: [mnist.train.count] });
  let params = cnnParams(inklingCnnInit(seed));
  const zeros = (): JaxCnnParams => tree.map<JaxArray, JaxArray, JaxCnnParams>((a) => np.zeros(a.shape), params);
  let m = zeros();
  let v = zeros();
  await blockUntilReady([trainX, trainY, params, m, v]);
  const step = jit(trainStep);
  const predict = jit(logits);
  let stepsDone = 0;
  let firstLoss: number | undefined;

  const adapter = describeDevice(device);
  return {
    name: device === 'webgpu' ? 'jaxjs_webgpu' : 'jaxjs_wasm',
    adapter,
    get firstLoss() {
      return firstLoss;
    },
    async train(steps) {
      use();
      for (let i = 0; i < steps; i++) {
        const [bc1, bc2] = biasCorrections(stepsDone + 1);
        const idx = np.array(Int32Array.from(order.indices(stepsDone)));
        const [lossValue, P, M, V] = step(params, m, v, trainX.ref, trainY.ref, idx, np.array(bc1), np.array(bc2));
        params = P;
        m = M;
        v = V;
        if (stepsDone === 0) firstLoss = (await hostValues(lossValue))[0];
        else lossValue.dispose();
        stepsDone++;
      }
      // jax-js queues work lazily: wait until the last update has really run.
      await blockUntilReady([params, m, v]);
    },
    async accuracy(limit) {
      use();
      const n = Math.min(limit, mnist.test.count);
      let correct = 0;
      for (let start = 0; start < n; start += EVAL_CHUNK) {
        const size = Math.min(EVAL_CHUNK, n - start);
        const x = np.array(floats(mnist.test.images.subarray(start * PIXELS, (start + size) * PIXELS)), { shape: [size, 1, SIDE, SIDE] });
        const picked = await hostValues(np.argmax(predict(tree.ref(params), x), 1));
        for (let i = 0; i < size; i++) if (picked[i] === mnist.test.labels[start + i]) correct++;
      }
      return correct / n;
    },
    async predict(image) {
      use();
      const probs = nn.softmax(predict(tree.ref(params), np.array(image, { shape: [1, 1, SIDE, SIDE] })));
      return Float32Array.from(await hostValues(probs));
    },
    dispose() {
      use();
      step.dispose();
      predict.dispose();
      tree.dispose([params, m, v, trainX, trainY]);
      return Promise.resolve();
    },
  };
}
