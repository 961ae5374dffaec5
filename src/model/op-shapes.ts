// The shapes of the operations layers are made of, shared by the GPU kernels (src/gpu/kernels)
// and their CPU references (src/reference), which must not import each other.
import type { Activation } from './activation.ts';

export interface MatmulShape {
  M: number;
  N: number;
  K: number;
  /** A is stored [K, M] and read transposed. */
  transA?: boolean;
  /** B is stored [N, K] and read transposed. */
  transB?: boolean;
  /** Applied after the bias; 'none' if absent. */
  activation?: Activation;
}

/** dy viewed as [outer, channels, inner]: dense [batch, units, 1], conv [batch, channels, H·W]. */
export interface BiasGradShape {
  outer: number;
  channels: number;
  inner: number;
}

export interface GatherShape {
  batch: number;
  /** Bytes per image, e.g. 784 for MNIST. */
  pixels: number;
  /** Images in the dataset (and entries in indices). */
  count: number;
  /** Image width in pixels (28 for MNIST): augmentation shifts rows and columns. */
  width: number;
}

export interface SoftmaxShape {
  batch: number;
  classes: number;
}

/** The training loss: label smoothing moves `smoothing` of each target's weight evenly over the classes (0: one-hot). */
export interface CrossEntropyShape extends SoftmaxShape {
  smoothing?: number;
}

/**
 * Tensors viewed as [batch, channels, inner]: after a conv, inner = H·W; after a dense layer,
 * channels = features and inner = 1. Statistics span batch·inner elements per channel.
 */
export interface BatchNormShape {
  batch: number;
  channels: number;
  inner: number;
  /** Added to the variance; > 0, default 1e-3. */
  epsilon?: number;
  /** running = momentum·running + (1 − momentum)·batch statistic; in [0, 1), default 0.99. */
  momentum?: number;
  /** Fused into the forward outputs; the backward pass takes dy w.r.t. the pre-activation. */
  activation: Activation;
}

/**
 * An LSTM over x viewed as [batch, steps, features] (row-major, so an image [1, 28, 28] is 28
 * steps of 28 features). Gates are ordered i, f, g, o along the 4·units axis.
 */
export interface LstmShape {
  batch: number;
  steps: number;
  features: number;
  units: number;
  /** Output every step's hidden state [batch, steps, units]; otherwise only the last, [batch, units]. */
  returnSequences: boolean;
}
