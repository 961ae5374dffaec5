// What a layer type tells the planner: its output shape, its parameters, and how to build its
// dispatches once the planner has placed its buffers. A new layer type is one file beside this one.
import type { Binding, Dispatch, GpuContext } from '../dispatch.ts';
import type { BufferArena } from '../memory.ts';
import type { LayerSpec, Shape } from '../models.ts';

export interface ParamDecl {
  /** Local name, e.g. "weight"; the model's name is "<layer>.<local>". */
  name: string;
  shape: number[];
  init: 'glorot-uniform' | 'zeros';
  fanIn: number;
  fanOut: number;
}

export interface BuildArgs<S extends LayerSpec> {
  ctx: GpuContext;
  arena: BufferArena;
  spec: S;
  batch: number;
  input: Shape;
  output: Shape;
  x: GPUBuffer;
  y: GPUBuffer;
  params: Binding[];
  /** Present when training: gradient of the pre-activation output (ReLU already undone). */
  train?: { dy: GPUBuffer; dx: GPUBuffer | null; grads: Binding[] };
}

export interface LayerDispatches {
  forward: Dispatch[];
  backward: Dispatch[];
}

export interface LayerKind<S extends LayerSpec> {
  outputShape(spec: S, input: Shape): Shape;
  params(spec: S, input: Shape): ParamDecl[];
  /** Whether the forward output went through a fused ReLU (the planner undoes it in backward). */
  relu(spec: S): boolean;
  build(args: BuildArgs<S>): Promise<LayerDispatches>;
}
