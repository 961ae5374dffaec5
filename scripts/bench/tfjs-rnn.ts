// The rnn preset (an LSTM of 128 units over the image's 28 rows of 28 pixels, its last state,
// then Dense 10) with TF.js's own tf.layers.lstm: its gate split and JS loop over the time steps
// are what a TF.js user gets, so the bench times that rather than an LSTM of ours in core ops.
// The weights are Inkling's initial ones, already in Keras' layout (shared-init.ts).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { inklingRnnInit } from './shared-init.ts';
import type { TfjsModel } from './tfjs-types.ts';

const ROWS = 28;
const FEATURES = 28;
const UNITS = 128;
const CLASSES = 10;

export function tfjsRnn(seed: number): TfjsModel {
  const init = inklingRnnInit(seed);
  // inputShape builds the weights now; 'zeros' skips the orthogonal draw (a QR of 128×512) that
  // setWeights would overwrite. TF.js's LSTM defaults to a hard sigmoid on the gates, Keras 1's
  // choice; Inkling (and Keras 2) use the logistic sigmoid.
  const model = tfl.sequential({
    layers: [
      tfl.layers.lstm({
        units: UNITS,
        inputShape: [ROWS, FEATURES],
        recurrentActivation: 'sigmoid',
        kernelInitializer: 'zeros',
        recurrentInitializer: 'zeros',
      }),
      tfl.layers.dense({ units: CLASSES, kernelInitializer: 'zeros' }),
    ],
  });
  // Order of model.weights: lstm kernel, recurrent_kernel, bias; dense kernel, bias.
  const initial = [
    tf.tensor2d(init.kernel, [FEATURES, 4 * UNITS]),
    tf.tensor2d(init.recurrent, [UNITS, 4 * UNITS]),
    tf.tensor1d(init.bias),
    tf.tensor2d(init.dense, [UNITS, CLASSES]),
    tf.tensor1d(init.denseB),
  ];
  model.setWeights(initial);
  tf.dispose(initial);
  return {
    // A LayerVariable holds a tf.Variable, which is what an optimizer updates.
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    logits(x) {
      // Row-major pixels: [n, 28, 28, 1] is already [n, 28 steps, 28 features]. No dropout, so
      // training and inference run the same forward.
      return model.apply(tf.reshape(x, [x.shape[0], ROWS, FEATURES])) as tf.Tensor2D;
    },
    dispose() {
      model.dispose();
    },
  };
}
