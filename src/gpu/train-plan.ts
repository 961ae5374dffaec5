// The static plan of a training step for one (model, batch size): every buffer allocated once,
// every dispatch and bind group built once. Steps that share a submit differ only in which
// slot of the step uniform they read, so the plan holds one dispatch list per slot.
import type { Dispatch, GpuContext } from './dispatch.ts';
import type { GpuSplit } from './dataset.ts';
import { adam } from './kernels/adam.ts';
import { gather } from './kernels/gather.ts';
import { sgd } from './kernels/sgd.ts';
import { softmaxCrossEntropy } from './kernels/softmax-xent.ts';
import { BufferArena } from './memory.ts';
import { buildNetwork, type Network } from './network.ts';
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
  /** The epoch's shuffled sample order. */
  indices: GPUBuffer;
  /** MAX_STEPS_PER_SUBMIT slots of the Step struct, 256 bytes apart. */
  stepUniform: GPUBuffer;
  /** Two floats per slot: mean loss, correct count. */
  metrics: GPUBuffer;
  /** steps[i]: the dispatches of one training step reading slot i. */
  steps: Dispatch[][];
}

export async function buildTrainPlan(ctx: GpuContext, graph: ModelGraph, batch: number, optimizer: OptimizerName, train: GpuSplit): Promise<TrainPlan> {
  const arena = new BufferArena(ctx.device, `train-${graph.spec.name}-b${batch}`);
  const bytes = graph.paramFloats * 4;
  const params = arena.storage('params', bytes);
  const state = arena.storage('state', graph.stateFloats * 4);
  const grads = arena.storage('grads', bytes);
  const moments: [GPUBuffer, GPUBuffer | null] =
    optimizer === 'adam' ? [arena.storage('adam.m', bytes), arena.storage('adam.v', bytes)] : [arena.storage('sgd.velocity', bytes), null];
  const indices = arena.storage('indices', train.count * 4);
  const labels = arena.storage('labels', batch * 4);
  const stepUniform = arena.create('step', MAX_STEPS_PER_SUBMIT * STEP_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const metrics = arena.storage('metrics', MAX_STEPS_PER_SUBMIT * 2 * 4);
  const slots = Array.from({ length: MAX_STEPS_PER_SUBMIT }, (_, i) => stepSlot(stepUniform, i));
  const network = await buildNetwork(ctx, arena, graph, batch, { params, state, grads, mode: 'train', steps: slots });
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
      ...(await softmaxCrossEntropy(ctx, { batch, classes }, { logits: network.logits, labels, dlogits: network.dlogits!, metrics, step }, 'softmax-xent')),
      ...network.backward(slot),
      ...update,
    ]);
  }
  return { arena, network, params, state, grads, moments, indices, stepUniform, metrics, steps };
}
