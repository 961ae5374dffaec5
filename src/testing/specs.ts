// Specs that tests share. A test of figures keeps its own spec rather than borrowing a preset, so
// that tuning a preset leaves those figures alone.
import { parseModelSpec } from '../model/spec.ts';

/** cnn-deep with batch norm after each conv and dropout before and inside the head: every kind a CNN step can hold. */
export const BN_DROPOUT = parseModelSpec({
  name: 'bn-dropout',
  layers: [
    { kind: 'conv2d', filters: 32, kernel: 3, padding: 'same', bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'maxpool', size: 2 },
    { kind: 'conv2d', filters: 64, kernel: 3, padding: 'same', bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'maxpool', size: 2 },
    { kind: 'dropout', rate: 0.25 },
    { kind: 'dense', units: 256, activation: 'relu' },
    { kind: 'dropout', rate: 0.4 },
    { kind: 'dense', units: 10 },
  ],
});

/**
 * The whole-step parity spec (src/gpu/trainer-parity.gpu.test.ts): every kind and every activation
 * at once: conv with and without bias, batch norm after a conv and after a dense, both pools,
 * dropout in the middle, a global pool, tanh and sigmoid epilogues.
 */
export const EVERY_KIND = parseModelSpec({
  name: 'every-kind',
  layers: [
    { kind: 'conv2d', filters: 4, kernel: 3, padding: 'same', bias: false },
    { kind: 'batchnorm', activation: 'relu' },
    { kind: 'avgpool', size: 2 },
    { kind: 'conv2d', filters: 6, kernel: 3, stride: 2, activation: 'tanh' },
    { kind: 'dropout', rate: 0.3 },
    { kind: 'maxpool', size: 2, stride: 1 },
    { kind: 'conv2d', filters: 8, kernel: 1, activation: 'sigmoid' },
    { kind: 'globalavgpool' },
    { kind: 'dense', units: 12, bias: false },
    { kind: 'batchnorm', activation: 'tanh' },
    { kind: 'dropout', rate: 0.5 },
    { kind: 'dense', units: 10 },
  ],
});

/**
 * Recurrent parity spec: an lstm that returns every step feeds one that returns its last state,
 * so the gradient crosses from one layer's steps into the other's.
 */
export const LSTM_STACK = parseModelSpec({
  name: 'lstm-stack',
  layers: [
    { kind: 'lstm', units: 6, returnSequences: true },
    { kind: 'lstm', units: 7 },
    { kind: 'dense', units: 10 },
  ],
});

/** The specs the whole-step parity test trains besides the presets. */
export const PARITY_SPECS = [EVERY_KIND, LSTM_STACK] as const;
