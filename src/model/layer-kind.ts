// What a layer kind is, apart from any backend: its fields, its output shape, its parameters and
// state with their inits, its FLOPs and its fused activation. The GPU build (src/gpu/layers) and
// the CPU reference (src/reference/layers) of each kind are typed against the same kind names,
// so a kind that lacks either fails to compile.
import type { Activation } from './activation.ts';
import type { Fields } from './fields.ts';
import type { Shape } from './shape.ts';
import type { LayerSpec } from './layer-spec.ts';

/**
 * How a tensor starts. 'unit-forget-bias': an LSTM's bias, zeros except its second quarter (the
 * forget gate, gate order i, f, g, o) at 1, as Keras' unit_forget_bias.
 */
export type Init = 'glorot-uniform' | 'zeros' | 'ones' | 'unit-forget-bias';

export interface TensorDecl {
  /** Local name, e.g. "weight"; the model's name is "<layer>.<local>". */
  name: string;
  shape: number[];
  init: Init;
  /** Glorot's fan-in and fan-out (unused by other inits). */
  fanIn: number;
  fanOut: number;
  /** The smallest value a loaded tensor may hold (a variance's 0); any finite value when absent. */
  minimum?: number;
}

/** Floating-point operations per sample. */
export interface LayerFlops {
  forward: number;
  /** Gradients of the layer's parameters (0 without parameters). */
  weightGrad: number;
  /** Gradient of the layer's input (skipped for the first layer). */
  inputGrad: number;
}

export interface LayerKind<S extends LayerSpec> {
  kind: S['kind'];
  /** Generated names are prefix + a count: conv1, conv2, … */
  prefix: string;
  /** A sentence for people choosing it. */
  description: string;
  fields: Fields;
  /** Fills defaults that depend on other fields (a pool's stride is its size). */
  complete?(raw: Record<string, unknown>): Record<string, unknown>;
  /** The output shape for one sample; throws LayerError naming the problem. */
  outputShape(spec: S, input: Shape): Shape;
  /** Trainable tensors, in the order the builds bind them. */
  params(spec: S, input: Shape): TensorDecl[];
  /** Non-trainable tensors updated by training (running statistics). */
  state(spec: S, input: Shape): TensorDecl[];
  flops(spec: S, input: Shape, output: Shape): LayerFlops;
  /** The element-wise function fused into the layer's output. */
  activation(spec: S): Activation;
  /** Its width in a one-line summary of a network (filters, units, pool size, rate); none if absent. */
  width?(spec: S): number;
}
