// TensorFlow.js as a peer, on one backend: the seed cnn or the rnn (tfjs-model.ts), started from
// Inkling's own initial weights (shared-init.ts) and trained with tf.train.adam on the same
// batches as Inkling. The data stays on the GPU as Inkling's does: the training set is uploaded
// once, each epoch's order once, and a batch is a gather.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone has no gradients; @tensorflow/tfjs registers them too, Node has only core.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Mnist } from '../../src/data/mnist.ts';
import type { ModelSpec } from '../../src/model/spec.ts';
import { BatchOrder } from './batch-order.ts';
import type { BenchEngine } from './engine.ts';
import { tfjsModel } from './tfjs-model.ts';

export type TfjsBackend = 'webgpu' | 'webgl';

const SIDE = 28;
const CLASSES = 10;

/** Images as floats in [0, 1], NHWC (TF.js's layout). */
function imagesTensor(pixels: Uint8Array, count: number): tf.Tensor4D {
  const floats = new Float32Array(count * SIDE * SIDE);
  for (let i = 0; i < floats.length; i++) floats[i] = pixels[i] / 255;
  return tf.tensor4d(floats, [count, SIDE, SIDE, 1]);
}

/** What the backend runs on, as far as TF.js lets one see it. */
function describeBackend(backend: TfjsBackend): string {
  const b = tf.backend() as unknown as {
    adapterInfo?: { vendor?: string; architecture?: string };
    gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
  };
  let device = '';
  if (backend === 'webgpu' && b.adapterInfo) device = [b.adapterInfo.vendor, b.adapterInfo.architecture].filter(Boolean).join(' ');
  const gl = b.gpgpu?.gl;
  if (backend === 'webgl' && gl) device = String(gl.getParameter(gl.RENDERER));
  return `TF.js ${tf.version_core} ${backend}${device ? ` on ${device}` : ''}`;
}

export async function createTfjsEngine(
  backend: TfjsBackend,
  mnist: Mnist,
  batch: number,
  seed: number,
  spec: ModelSpec,
  learningRate = 1e-3,
): Promise<BenchEngine> {
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend "${backend}" did not initialise`);
  await tf.ready();
  const use = () => {
    // Tensors live on the backend that made them; switch before each use so none is copied.
    if (tf.getBackend() !== backend) void tf.setBackend(backend);
  };
  const order = new BatchOrder(mnist.train.count, batch, seed);
  const trainX = imagesTensor(mnist.train.images, mnist.train.count);
  const trainY = tf.tensor1d(Int32Array.from(mnist.train.labels), 'int32');
  const model = tfjsModel(spec, seed);
  const optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
  let epochOrder: tf.Tensor1D | null = null;
  let stepsDone = 0;
  let firstLoss: number | undefined;

  const step = (returnLoss: boolean): tf.Scalar | undefined => {
    const at = order.at(stepsDone);
    if (at.changed || !epochOrder) {
      epochOrder?.dispose();
      epochOrder = tf.tensor1d(Int32Array.from(at.order), 'int32');
    }
    const idx = epochOrder;
    const loss = tf.tidy((): tf.Scalar | undefined => {
      const pick = tf.slice(idx, [at.cursor], [batch]);
      const x = tf.gather(trainX, pick);
      const y = tf.oneHot(tf.gather(trainY, pick), CLASSES);
      return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.logits(x)), returnLoss, model.variables) ?? undefined;
    });
    stepsDone++;
    return loss;
  };

  return {
    name: backend === 'webgpu' ? 'tfjs_webgpu' : 'tfjs_webgl',
    adapter: describeBackend(backend),
    get firstLoss() {
      return firstLoss;
    },
    async train(steps) {
      use();
      for (let i = 0; i < steps; i++) {
        const first = stepsDone === 0;
        const loss = step(first || i === steps - 1);
        // Reading the last loss waits for every queued step: the device has finished them.
        if (loss) {
          const value = (await loss.data())[0];
          if (first) firstLoss = value;
          loss.dispose();
        }
      }
    },
    async accuracy(limit) {
      use();
      const n = Math.min(limit, mnist.test.count);
      let correct = 0;
      const chunk = 250;
      for (let start = 0; start < n; start += chunk) {
        const size = Math.min(chunk, n - start);
        const hits = tf.tidy(() => {
          const x = imagesTensor(mnist.test.images.subarray(start * SIDE * SIDE, (start + size) * SIDE * SIDE), size);
          const labels = tf.tensor1d(Int32Array.from(mnist.test.labels.subarray(start, start + size)), 'int32');
          return tf.sum(tf.cast(tf.equal(tf.argMax(model.logits(x), 1), labels), 'int32'));
        });
        correct += (await hits.data())[0];
        hits.dispose();
      }
      return correct / n;
    },
    async predict(image) {
      use();
      const probs = tf.tidy(() => tf.softmax(model.logits(tf.tensor4d(image, [1, SIDE, SIDE, 1]))));
      const out = (await probs.data()) as Float32Array;
      probs.dispose();
      return out;
    },
    dispose() {
      use();
      tf.dispose([trainX, trainY]);
      model.dispose();
      epochOrder?.dispose();
      optimizer.dispose();
      return Promise.resolve();
    },
  };
}
