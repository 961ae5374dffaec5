// The models the app and the CLI offer by name. They are specs like any other: the same parser
// reads them, so a preset and a hand-written file of the same layers build the same network.
import { parseModelSpec, type ModelSpec } from './spec.ts';

export interface Preset {
  spec: ModelSpec;
  /** A short name for a list of choices. */
  label: string;
  /** What to expect of it, in a sentence. */
  hint: string;
}

const RAW = [
  {
    label: 'MLP',
    hint: 'Two dense layers: fast, about 97–98% at best.',
    name: 'mlp',
    layers: [
      { kind: 'dense', units: 128, activation: 'relu' },
      { kind: 'dense', units: 10 },
    ],
  },
  {
    label: 'CNN',
    hint: "The seed's Keras model: convolutions find strokes and corners, about 98–99%.",
    name: 'cnn',
    layers: [
      { kind: 'conv2d', filters: 32, kernel: 3, activation: 'relu' },
      { kind: 'maxpool', size: 2 },
      { kind: 'dense', units: 128, activation: 'relu' },
      { kind: 'dense', units: 10 },
    ],
  },
  {
    label: 'Deeper CNN',
    hint: 'Two convolution blocks (32 and 64 filters): about 4× the compute of the CNN, 99.3%.',
    name: 'cnn-deep',
    layers: [
      { kind: 'conv2d', filters: 32, kernel: 3, padding: 'same', activation: 'relu' },
      { kind: 'maxpool', size: 2 },
      { kind: 'conv2d', filters: 64, kernel: 3, padding: 'same', activation: 'relu' },
      { kind: 'maxpool', size: 2 },
      { kind: 'dense', units: 256, activation: 'relu' },
      { kind: 'dense', units: 10 },
    ],
  },
  // Three conv-BN-ReLU-pool blocks (32, 64, 128 filters) and dropout in the head: built for
  // accuracy. The third block moves capacity from the head (3,136 → 256 in cnn-deep) into a conv
  // that sees the whole digit, for about 1.7× cnn-deep's training work. Batch norm regularizes the
  // convolutions already; dropout there too underfit a 3-epoch run (99.17%, train loss 0.110).
  {
    label: 'CNN + batch norm',
    hint: 'Three convolution blocks with batch normalization, dropout in the head: the most accurate, the slowest.',
    name: 'cnn-bn',
    layers: [
      { kind: 'conv2d', filters: 32, kernel: 3, padding: 'same', bias: false },
      { kind: 'batchnorm', activation: 'relu' },
      { kind: 'maxpool', size: 2 },
      { kind: 'conv2d', filters: 64, kernel: 3, padding: 'same', bias: false },
      { kind: 'batchnorm', activation: 'relu' },
      { kind: 'maxpool', size: 2 },
      { kind: 'conv2d', filters: 128, kernel: 3, padding: 'same', bias: false },
      { kind: 'batchnorm', activation: 'relu' },
      { kind: 'maxpool', size: 2 },
      { kind: 'dense', units: 256, activation: 'relu' },
      { kind: 'dropout', rate: 0.25 },
      { kind: 'dense', units: 10 },
    ],
  },
  {
    label: 'LSTM (rows)',
    hint: 'A recurrent network: reads the digit row by row, top to bottom, keeping a memory of the rows it has seen.',
    name: 'rnn',
    layers: [
      { kind: 'lstm', units: 128 },
      { kind: 'dense', units: 10 },
    ],
  },
];

/** What "Train from scratch" trains unless the user picks another: quick on any GPU. */
export const DEFAULT_PRESET = 'cnn';

export const PRESETS: readonly Preset[] = RAW.map(({ label, hint, ...spec }) => ({ label, hint, spec: parseModelSpec(spec) }));
export const PRESET_NAMES: readonly string[] = PRESETS.map((p) => p.spec.name);

/** The spec of the preset of that name; throws naming the choices. */
export function preset(name: string): ModelSpec {
  const p = PRESETS.find((m) => m.spec.name === name);
  if (!p) throw new Error(`unknown model "${name}": choose one of ${PRESET_NAMES.join(', ')}`);
  return p.spec;
}

/** Deep equality of JSON values: two specs are the same network when they are equal field for field. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The preset this spec is, layer for layer; null for any other spec, even one that borrows a preset's name. */
export function presetOf(spec: ModelSpec): Preset | null {
  return PRESETS.find((p) => sameValue(p.spec, spec)) ?? null;
}
