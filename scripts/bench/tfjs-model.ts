// What the TF.js engine trains: one of the models the peers build (config.ts), started from
// Inkling's initial weights. The engine owns the data, the batch order and Adam; a model owns
// only its variables and its forward pass, so each model is one small file.
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec } from '../../src/model/spec.ts';
import { peerModel } from './config.ts';
import { tfjsCnn } from './tfjs-cnn.ts';
import { tfjsRnn } from './tfjs-rnn.ts';

export interface TfjsModel {
  /** Every trainable variable, for the optimizer: the engines of one page share TF.js's registry. */
  readonly variables: tf.Variable[];
  /** Logits [n, 10] for images [n, 28, 28, 1] (NHWC) with values in [0, 1]. */
  logits(images: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

/** Builds the model on TF.js's current backend; throws for a model the peers do not build. */
export function tfjsModel(spec: ModelSpec, seed: number): TfjsModel {
  const name = peerModel(spec);
  if (name === 'cnn') return tfjsCnn(seed);
  if (name === 'rnn') return tfjsRnn(seed);
  throw new Error(`TF.js builds the cnn and rnn presets only, not ${spec.name}`);
}
