// The CPU half of a layer kind: a build lays out what the layer needs beyond its input and output
// (scratch, saved statistics, im2col columns) in the model's arena before allocation, and gives
// the forward and backward that run its kernels on the regions. The network (src/cpu/network.ts)
// lays out the activations, gradients and parameters and composes the layers; like the reference
// (src/reference/network.ts), it undoes a layer's activation on dy before calling its backward.
import type { GraphLayer } from '../../model/graph.ts';
import type { LayerSpec } from '../../model/layer-spec.ts';
import type { ArenaPlan, Region } from '../arena.ts';
import type { Run } from '../run.ts';

/** What per-step draws (dropout) hash: the 1-based optimizer step and the run's seed. */
export interface StepDraw {
  t: number;
  seed: number;
}

export interface CpuLayerArgs<S extends LayerSpec> {
  spec: S;
  layer: GraphLayer;
  /** Samples per call; every region below holds `batch` samples. */
  batch: number;
  /** A training plan (batch statistics, dropout, backward) or a reading plan (running statistics, no backward). */
  training: boolean;
  /** Input activations, batch × size(layer.input). */
  x: Region;
  /** Output activations after the fused activation, batch × size(layer.output). */
  y: Region;
  /** Windows of the packed parameters, in the kind's declared order. */
  params: Region[];
  /** Windows of the packed gradients, like params: written (not added to) by backward. Empty in a reading plan. */
  grads: Region[];
  /** Running statistics: a training forward updates them in place. */
  state: Region[];
  /** Gradient w.r.t. the pre-activation output (training only). */
  dy: Region | null;
  /** Gradient w.r.t. the input, written by backward; null for the first layer and in a reading plan. */
  dx: Region | null;
  /** Where the build reserves its scratch, labelled `${layer.spec.name}/…`. */
  plan: ArenaPlan;
}

export interface CpuLayer {
  forward(run: Run, step: StepDraw): void;
  /** dy holds dL/d(pre-activation output); writes dx (when the layer has one) and the grads. */
  backward(run: Run, step: StepDraw): void;
}

export interface CpuLayerKind<S extends LayerSpec> {
  build(args: CpuLayerArgs<S>): CpuLayer;
}
