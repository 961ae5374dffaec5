// The seed CNN in TensorFlow.js, built from core ops the way tf.layers builds it (fused
// conv/matmul with bias and ReLU), from Inkling's initial weights in NHWC/HWIO (shared-init.ts).
import * as tf from '@tensorflow/tfjs-core';
import { inklingCnnInitForTfjs } from './shared-init.ts';
import type { TfjsModel } from './tfjs-types.ts';

const POOLED = 13 * 13 * 32;
const HIDDEN = 128;
const CLASSES = 10;

export function tfjsCnn(seed: number): TfjsModel {
  const init = inklingCnnInitForTfjs(seed);
  const w = {
    conv: tf.variable(tf.tensor4d(init.conv, [3, 3, 1, 32])),
    convB: tf.variable(tf.tensor1d(init.convB)),
    d1: tf.variable(tf.tensor2d(init.d1, [POOLED, HIDDEN])),
    d1B: tf.variable(tf.tensor1d(init.d1B)),
    d2: tf.variable(tf.tensor2d(init.d2, [HIDDEN, CLASSES])),
    d2B: tf.variable(tf.tensor1d(init.d2B)),
  };
  const variables = Object.values(w);
  return {
    variables,
    logits(x) {
      const c = tf.fused.conv2d({ x, filter: w.conv, strides: 1, pad: 'valid', bias: w.convB, activation: 'relu' });
      const p = tf.maxPool(c, 2, 2, 'valid');
      const flat = tf.reshape(p, [x.shape[0], POOLED]);
      const h = tf.fused.matMul({ a: flat, b: w.d1, bias: w.d1B, activation: 'relu' });
      return tf.fused.matMul({ a: h, b: w.d2, bias: w.d2B }) as tf.Tensor2D;
    },
    dispose() {
      tf.dispose(variables);
    },
  };
}
