// The CPU half of a layer kind: forward and backward on plain arrays, composed by the reference
// engine (../network.ts) into a whole training step, the oracle for the GPU's.
import type { GraphLayer } from '../../model/graph.ts';
import type { LayerSpec } from '../../model/layer-spec.ts';

export type Mode = 'train' | 'eval';

export interface RefForwardArgs<S extends LayerSpec> {
  spec: S;
  layer: GraphLayer;
  batch: number;
  mode: Mode;
  x: Float32Array;
  params: Float32Array[];
  /** Running statistics; a training forward updates them in place. */
  state: Float32Array[];
  /** The optimizer step (1-based) and the run's seed: what per-step draws (dropout) hash. */
  t: number;
  seed: number;
}

export interface RefForward {
  y: Float32Array;
  /** Whatever the backward needs besides x and y (argmax, batch statistics). */
  saved?: unknown;
}

export interface RefBackwardArgs<S extends LayerSpec> extends RefForwardArgs<S> {
  y: Float32Array;
  saved: unknown;
  /** Gradient of the pre-activation output (the network undoes the activation first). */
  dy: Float32Array;
  /** Whether the input's gradient is wanted (not for the first layer). */
  needDx: boolean;
}

export interface RefBackward {
  dx: Float32Array | null;
  /** One per parameter, in the kind's declared order. */
  grads: Float32Array[];
}

export interface RefLayer<S extends LayerSpec> {
  forward(args: RefForwardArgs<S>): RefForward;
  backward(args: RefBackwardArgs<S>): RefBackward;
}
