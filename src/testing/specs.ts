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
