// The static plan of a training step for one (model, batch size): every buffer allocated once,
// every dispatch and bind group built once. Steps that share a submit differ only in which
// slot of the step uniform they read, so the plan holds one dispatch list per slot.
import { vec4Bytes, type Dispatch, type GpuContext } from './dispatch.ts';
import type { GpuSplit } from './dataset.ts';
import { adam } from './kernels/adam.ts';
import { gather } from './kernels/gather.ts';
import { sgd } from './kernels/sgd.ts';
import { softmaxCrossEntropy } from './kernels/softmax-xent.ts';
import { BufferArena, decl, type BufferDecl } from './memory.ts';
import { buildNetwork, networkDecls, networkLayout, type Network, type NetworkLayout } from './network.ts';
import { STEP_STRIDE, stepSlot } from './step-params.ts';
import type { OptimizerName } from '../model/config.ts';
import type { ModelGraph } from '../model/graph.ts';

/** Upper bound on steps encoded into one command buffer. */
export const MAX_STEPS_PER_SUBMIT = 32;

export interface TrainPlan {
  arena: BufferArena;
  network: Network;
  params: GPUBuffer;
  /** Non-trainable state (running statistics), written by the training forward pass. */
  state: GPUBuffer;
  grads: GPUBuffer;
  /** Adam's m and v, or SGD's velocity (and null). */
  moments: [GPUBuffer, GPUBuffer | null];
  /** Two copies of [params, state, ...moments], in that order. */
  snapshots: GPUBuffer[][];
  /** The epoch's shuffled sample order. */
  indices: GPUBuffer;
  /** MAX_STEPS_PER_SUBMIT slots of the Step struct, 256 bytes apart. */
  stepUniform: GPUBuffer;
  /** Two floats per slot: mean loss, correct count. */
  metrics: GPUBuffer;
  /** steps[i]: the dispatches of one training step reading slot i. */
  steps: Dispatch[][];
}

/**
 * The trainer's readback ring for step metrics (two floats per step of a submit): `count` buffers
 * in flight before it waits. It is mappable, so it lives outside the plan's arena.
 */
export const METRICS_READBACK = { label: 'metrics', bytes: MAX_STEPS_PER_SUBMIT * 2 * 4, count: 3 };

/** Every buffer a training plan allocates, named and sized before any is. */
export interface TrainPlanLayout {
  params: BufferDecl;
  state: BufferDecl;
  grads: BufferDecl;
  moments: [BufferDecl, BufferDecl | null];
  /** Two snapshot slots of the live state (params, state, moments), for rolling back a divergence. */
  snapshots: BufferDecl[][];
  indices: BufferDecl;
  labels: BufferDecl;
  step: BufferDecl;
  metrics: BufferDecl;
  network: NetworkLayout;
}

export function trainPlanLayout(graph: ModelGraph, batch: number, optimizer: OptimizerName, trainCount: number, software: boolean): TrainPlanLayout {
  // Whole vec4s: the optimizer walks these four floats at a time. The floats past the parameters
  // stay zero, as no kernel writes them and a zero gradient moves nothing.
  const bytes = vec4Bytes(graph.paramFloats);
  const params = decl('params', bytes);
  const state = decl('state', graph.stateFloats * 4);
  const moments: [BufferDecl, BufferDecl | null] = optimizer === 'adam' ? [decl('adam.m', bytes), decl('adam.v', bytes)] : [decl('sgd.velocity', bytes), null];
  const live = [params, state, ...moments.filter((m): m is BufferDecl => m !== null)];
  return {
    params,
    state,
    grads: decl('grads', bytes),
    moments,
    snapshots: [0, 1].map((slot) => live.map((d) => decl(`snapshot${slot}.${d.label}`, d.bytes))),
    indices: decl('indices', trainCount * 4),
    labels: decl('labels', batch * 4),
    step: decl('step', MAX_STEPS_PER_SUBMIT * STEP_STRIDE),
    metrics: decl('metrics', METRICS_READBACK.bytes),
    network: networkLayout(graph, batch, 'train', true, software),
  };
}

/** The layout's buffers as one list. */
export function trainPlanDecls(l: TrainPlanLayout): BufferDecl[] {
  const moments = l.moments.filter((m): m is BufferDecl => m !== null);
  return [l.params, l.state, l.grads, ...moments, ...l.snapshots.flat(), l.indices, l.labels, l.step, l.metrics, ...networkDecls(l.network)];
}

/** Everything a Trainer allocates for this run: the plan and the metrics readback ring. */
export function trainerDecls(graph: ModelGraph, batch: number, optimizer: OptimizerName, trainCount: number, software: boolean): BufferDecl[] {
  const ring = Array.from({ length: METRICS_READBACK.count }, (_, i) => decl(`${METRICS_READBACK.label}/readback-${i}`, METRICS_READBACK.bytes));
  return [...trainPlanDecls(trainPlanLayout(graph, batch, optimizer, trainCount, software)), ...ring];
}

export async function buildTrainPlan(
  ctx: GpuContext,
  graph: ModelGraph,
  layout: TrainPlanLayout,
  optimizer: OptimizerName,
  train: GpuSplit,
  /** The loss's label smoothing (TrainConfig.labelSmoothing). */
  smoothing = 0,
): Promise<TrainPlan> {
  const batch = layout.network.batch;
  const arena = new BufferArena(ctx.device, `train-${graph.spec.name}-b${batch}`);
  const params = arena.allocate(layout.params);
  const state = arena.allocate(layout.state);
  const grads = arena.allocate(layout.grads);
  const moments: [GPUBuffer, GPUBuffer | null] = [arena.allocate(layout.moments[0]), layout.moments[1] ? arena.allocate(layout.moments[1]) : null];
  const snapshots = layout.snapshots.map((slot) => slot.map((d) => arena.allocate(d)));
  const indices = arena.allocate(layout.indices);
  const labels = arena.allocate(layout.labels);
  const stepUniform = arena.create(layout.step.label, layout.step.bytes, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const metrics = arena.allocate(layout.metrics);
  const slots = Array.from({ length: MAX_STEPS_PER_SUBMIT }, (_, i) => stepSlot(stepUniform, i));
  const network = await buildNetwork(ctx, arena, graph, layout.network, { params, state, grads, mode: 'train', steps: slots });
  const classes = graph.spec.classes;
  const pixels = train.pixels;

  const steps: Dispatch[][] = [];
  for (let slot = 0; slot < MAX_STEPS_PER_SUBMIT; slot++) {
    const step = slots[slot];
    const update =
      optimizer === 'adam'
        ? await adam(ctx, { count: graph.paramFloats }, { params, grads, m: moments[0], v: moments[1]!, step }, 'adam')
        : await sgd(ctx, { count: graph.paramFloats }, { params, grads, velocity: moments[0], step }, 'sgd');
    steps.push([
      ...(await gather(
        ctx,
        { batch, pixels, count: train.count, width: train.width },
        { images: train.images, labels: train.labels, indices, x: network.input, y: labels, step },
        'gather',
      )),
      ...network.forward(slot),
      ...(await softmaxCrossEntropy(
        ctx,
        { batch, classes, smoothing },
        { logits: network.logits, labels, dlogits: network.dlogits!, metrics, step },
        'softmax-xent',
      )),
      ...network.backward(slot),
      ...update,
    ]);
  }
  return { arena, network, params, state, grads, moments, snapshots, indices, stepUniform, metrics, steps };
}
