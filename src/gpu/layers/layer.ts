// The GPU half of a layer kind: given the buffers the planner placed, it builds the layer's
// dispatches once. Shapes, parameters and FLOPs live in the kind's backend-neutral half
// (src/model/kinds); src/gpu/layers/index.ts keys the builds by the same kind names.
import type { Binding, Dispatch, GpuContext } from '../dispatch.ts';
import type { GraphLayer } from '../../model/graph.ts';
import type { LayerSpec } from '../../model/layer-spec.ts';
import type { Activation } from '../../model/activation.ts';

/** Training uses batch statistics and random masks; evaluation and prediction use neither. */
export type Mode = 'train' | 'eval';

/** What decides a layer's own buffers: known before anything is allocated. */
export interface LayoutArgs<S extends LayerSpec> {
  spec: S;
  layer: GraphLayer;
  batch: number;
  mode: Mode;
  /** Present when training; `dx` says whether the layer must write its input's gradient. */
  train?: { dx: boolean };
  /** A software adapter, where some kernels read zero-bordered copies that need buffers of their own. */
  software: boolean;
}

/** Bytes of each buffer a layer needs besides its input, output and gradients, by name. */
export type ScratchSizes = Record<string, number>;

export interface BuildArgs<S extends LayerSpec> {
  ctx: GpuContext;
  spec: S;
  layer: GraphLayer;
  batch: number;
  mode: Mode;
  /** The buffers the kind's `scratch` declared, allocated by the planner under the same names. */
  scratch: Record<string, GPUBuffer>;
  x: GPUBuffer;
  y: GPUBuffer;
  params: Binding[];
  /** Non-trainable state (running statistics), in the kind's declared order. */
  state: Binding[];
  /** One slot of the per-step uniform for each replay slot of the plan (none in eval mode). */
  steps: readonly GPUBufferBinding[];
  /**
   * Present when training: gradient of the pre-activation output (the activation already undone).
   * `inputActivation` is the activation fused into the layer before, for a kind whose backward
   * undoes it (GpuLayer.undoesInputActivation); 'none' otherwise.
   */
  train?: { dy: GPUBuffer; dx: GPUBuffer | null; grads: Binding[]; inputActivation: Activation };
}

/** A layer's dispatches for replay slot i (most layers give every slot the same list). */
export type SlotDispatches = (slot: number) => Dispatch[];

export interface LayerDispatches {
  forward: SlotDispatches;
  backward: SlotDispatches;
}

export interface GpuLayer<S extends LayerSpec> {
  /** Whether, in this mode, the output is the input itself: no buffer and no dispatch. */
  passThrough?(spec: S, mode: Mode): boolean;
  /**
   * Whether its backward applies the gradient of the activation fused into the layer before
   * (`train.inputActivation`), so that the planner gives that layer no activation-backward pass.
   */
  undoesInputActivation?: boolean;
  /** The layer's own buffers (saved statistics, argmax, split-K partials); none when absent. */
  scratch?(args: LayoutArgs<S>): ScratchSizes;
  build(args: BuildArgs<S>): Promise<LayerDispatches>;
}

/** The same dispatches for every slot. */
export function everySlot(forward: Dispatch[], backward: Dispatch[] = []): LayerDispatches {
  return { forward: () => forward, backward: () => backward };
}
