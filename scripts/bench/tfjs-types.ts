// What every TF.js model of the bench offers the engine (tfjs-engine.ts); the models import this,
// not the builder that picks among them.
import type * as tf from '@tensorflow/tfjs-core';

export interface TfjsModel {
  /** Every trainable variable, for the optimizer: the engines of one page share TF.js's registry. */
  readonly variables: tf.Variable[];
  /** Logits [n, 10] for images [n, 28, 28, 1] (NHWC) with values in [0, 1]. */
  logits(images: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}
