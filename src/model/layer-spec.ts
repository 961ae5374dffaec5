// One layer of a model as data: the fields each kind takes once parsed. The kinds, the registry
// and the spec parser all read these types; it imports no kind, so the kinds can import it.
import type { Activation } from './activation.ts';

export interface Conv2dSpec {
  kind: 'conv2d';
  name: string;
  filters: number;
  kernel: number;
  stride: number;
  padding: 'valid' | 'same';
  activation: Activation;
  bias: boolean;
}

export interface MaxPoolSpec {
  kind: 'maxpool';
  name: string;
  size: number;
  stride: number;
}

export interface AvgPoolSpec {
  kind: 'avgpool';
  name: string;
  size: number;
  stride: number;
}

/** Averages each channel's whole map: [C, H, W] → [C]. */
export interface GlobalAvgPoolSpec {
  kind: 'globalavgpool';
  name: string;
}

/** Dense reads its input flattened: NCHW is contiguous per sample, so flatten is free. */
export interface DenseSpec {
  kind: 'dense';
  name: string;
  units: number;
  activation: Activation;
  bias: boolean;
}

/** Inverted dropout: kept units are scaled by 1/(1 − rate) in training; the identity otherwise. */
export interface DropoutSpec {
  kind: 'dropout';
  name: string;
  rate: number;
}

/** Per channel after a conv ([C, H, W]), per feature after a dense ([F]). */
export interface BatchNormSpec {
  kind: 'batchnorm';
  name: string;
  activation: Activation;
  /** running = momentum · running + (1 − momentum) · batch statistic (Keras' convention). */
  momentum: number;
  epsilon: number;
}

/**
 * A long short-term memory layer. It reads a one-channel image [1, H, W] as H time steps of W
 * features (MNIST: 28 rows of 28 pixels), or a sequence [T, F] from an lstm with
 * returnSequences; it gives its last hidden state [units], or every step's [T, units].
 */
export interface LstmSpec {
  kind: 'lstm';
  name: string;
  units: number;
  returnSequences: boolean;
}

export type LayerSpec = Conv2dSpec | MaxPoolSpec | AvgPoolSpec | GlobalAvgPoolSpec | DenseSpec | DropoutSpec | BatchNormSpec | LstmSpec;
export type SpecOf<K extends LayerSpec['kind']> = Extract<LayerSpec, { kind: K }>;
