// The static plan of a training step for one (model, batch size): every buffer allocated once,
// every dispatch and bind group built once. Steps that share a submit differ only in which
// slot of the step uniform they read, so the plan holds one dispatch list per slot.
import { vec4Bytes, type Dispatch, type GpuContext } from './dispatch.ts';
import type { GpuSplit } from './dataset.ts';
import { gather } from './kernels/gather.ts';
import { softmaxCrossEntropy } from './kernels/softmax-xent.ts';
import { BufferArena, decl, type BufferDecl } from './memory.ts';
import { buildNetwork, networkDecls, networkLayout, type Network, type NetworkLayout } from './network.ts';
import { gpuOptimizer } from './optimizers.ts';
import { STEP_STRIDE, stepSlot } from './step-params.ts';
import { OPTIMIZERS, type OptimizerName } from '../model/optimizers/index.ts';
import type { ModelGraph } from '../model/graph.ts';

/** Upper bound on steps encoded into one command buffer. */
export const MAX_STEPS_PER_SUBMIT = 32;

/**
 * What a run's state is on a device, by name: the weights, the running statistics and the
 * optimizer's moments (named as src/model/optimizers names them, in its order).
 */
export interface LiveState<B> {
  params: B;
  /** Non-trainable state (running statistics), written by the training forward pass. */
  state: B;
  moments: Record<string, B>;
}

/** The live state's buffers as one list: params, state, then the moments in the optimizer's order. */
export function liveList<B>(l: LiveState<B>): B[] {
  return [l.params, l.state, ...Object.values(l.moments)];
}

/** The same live state with each buffer mapped. */
export function mapLive<A, B>(l: LiveState<A>, f: (a: A, name: string) => B): LiveState<B> {
  return {
    params: f(l.params, 'params'),
    state: f(l.state, 'state'),
    moments: Object.fromEntries(Object.entries(l.moments).map(([name, m]) => [name, f(m, name)])),
  };
}

export interface TrainPlan extends LiveState<GPUBuffer> {
  arena: BufferArena;
  network: Network;
  grads: GPUBuffer;
  /** Two copies of the live state, for rolling back a divergence. */
  snapshots: LiveState<GPUBuffer>[];
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
export interface TrainPlanLayout extends LiveState<BufferDecl> {
  grads: BufferDecl;
  /** Two snapshot slots of the live state (params, state, moments), for rolling back a divergence. */
  snapshots: LiveState<BufferDecl>[];
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
  const moments = Object.fromEntries(OPTIMIZERS[optimizer].moments.map((m) => [m, decl(`${optimizer}.${m}`, bytes)]));
  const live = { params, state, moments };
  return {
    ...live,
    grads: decl('grads', bytes),
    snapshots: [0, 1].map((slot) => mapLive(live, (d) => decl(`snapshot${slot}.${d.label}`, d.bytes))),
    indices: decl('indices', trainCount * 4),
    labels: decl('labels', batch * 4),
    step: decl('step', MAX_STEPS_PER_SUBMIT * STEP_STRIDE),
    metrics: decl('metrics', METRICS_READBACK.bytes),
    network: networkLayout(graph, batch, 'train', true, software),
  };
}

/** The layout's buffers as one list. */
export function trainPlanDecls(l: TrainPlanLayout): BufferDecl[] {
  return [
    l.params,
    l.state,
    l.grads,
    ...Object.values(l.moments),
    ...l.snapshots.flatMap(liveList),
    l.indices,
    l.labels,
    l.step,
    l.metrics,
    ...networkDecls(l.network),
  ];
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
  const momentBuffers = Object.fromEntries(Object.entries(layout.moments).map(([name, d]) => [name, arena.allocate(d)]));
  const snapshots = layout.snapshots.map((slot) => mapLive(slot, (d) => arena.allocate(d)));
  const indices = arena.allocate(layout.indices);
  const labels = arena.allocate(layout.labels);
  const stepUniform = arena.create(layout.step.label, layout.step.bytes, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const metrics = arena.allocate(layout.metrics);
  const slots = Array.from({ length: MAX_STEPS_PER_SUBMIT }, (_, i) => stepSlot(stepUniform, i));
  const network = await buildNetwork(ctx, arena, graph, layout.network, { params, state, grads, mode: 'train', steps: slots });
  const classes = graph.spec.classes;
  const pixels = train.pixels;

  const update = gpuOptimizer(optimizer);
  const steps: Dispatch[][] = [];
  for (let slot = 0; slot < MAX_STEPS_PER_SUBMIT; slot++) {
    const step = slots[slot];
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
      ...(await update(ctx, graph.paramFloats, { params, grads, moments: momentBuffers, step })),
    ]);
  }
  return { arena, network, params, state, grads, moments: momentBuffers, snapshots, indices, stepUniform, metrics, steps };
}
