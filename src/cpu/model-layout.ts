// Everything one model holds in its WebAssembly memory, laid out before the memory exists: the
// packed parameters, gradients, running statistics and optimizer moments, a snapshot of them for
// the divergence rollback, and three networks on them (the training step at the run's batch, the
// test-set evaluation, one image with its saliency). The memory figure is this layout's size.
import type { ModelGraph } from '../model/graph.ts';
import { OPTIMIZERS, type OptimizerName } from '../model/optimizers/index.ts';
import { ArenaPlan, type Region } from './arena.ts';
import { PAGE_BYTES } from './wasm/module.ts';
import { CpuNetwork, type ModelRegions } from './network.ts';

/** Test images per evaluation call: the evaluation network's batch. */
export const CPU_EVAL_BATCH = 100;

export interface TrainingRegions {
  net: CpuNetwork;
  /** The batch's labels, u32. */
  labels: Region;
  rowLoss: Region;
  /** 1 or 0 per row, u32. */
  rowCorrect: Region;
}

export interface EvalRegions {
  net: CpuNetwork;
  labels: Region;
  rowLoss: Region;
  /** u32 per row. */
  predictions: Region;
}

export interface OneImageRegions {
  net: CpuNetwork;
  probs: Region;
}

/** The model's live state, and its snapshot: copied as one block each. */
export interface LiveRegions {
  params: Region;
  state: Region;
  moments: Record<string, Region>;
}

export interface CpuModelLayout {
  plan: ArenaPlan;
  /** The memory's size: the plan's bytes in whole pages. */
  bytes: number;
  model: ModelRegions;
  live: LiveRegions;
  snapshot: LiveRegions;
  train: TrainingRegions;
  eval: EvalRegions;
  one: OneImageRegions;
  /** Bytes of the training side (weights, moments, snapshot, training step) and of the reading side. */
  trainingBytes: number;
  evaluationBytes: number;
}

function liveRegions(plan: ArenaPlan, graph: ModelGraph, optimizer: OptimizerName, label: string): LiveRegions {
  return {
    params: plan.floats(`${label}params`, graph.paramFloats),
    state: plan.floats(`${label}state`, graph.stateFloats),
    moments: Object.fromEntries(OPTIMIZERS[optimizer].moments.map((m) => [m, plan.floats(`${label}${m}`, graph.paramFloats)])),
  };
}

export function layoutModel(graph: ModelGraph, batch: number, optimizer: OptimizerName): CpuModelLayout {
  const plan = new ArenaPlan();
  const live = liveRegions(plan, graph, optimizer, '');
  const model: ModelRegions = { params: live.params, state: live.state, grads: plan.floats('grads', graph.paramFloats) };
  const snapshot = liveRegions(plan, graph, optimizer, 'snapshot/');
  const classes = graph.spec.classes;
  const train: TrainingRegions = {
    net: new CpuNetwork(graph, model, { batch, training: true, backward: true, label: 'train' }, plan),
    labels: plan.floats('train/labels', batch),
    rowLoss: plan.floats('train/row-loss', batch),
    rowCorrect: plan.floats('train/row-correct', batch),
  };
  const trainingBytes = plan.bytes;
  const evalNet = new CpuNetwork(graph, model, { batch: CPU_EVAL_BATCH, training: false, backward: false, label: 'eval' }, plan);
  const evaluation: EvalRegions = {
    net: evalNet,
    labels: plan.floats('eval/labels', CPU_EVAL_BATCH),
    rowLoss: plan.floats('eval/row-loss', CPU_EVAL_BATCH),
    predictions: plan.floats('eval/predictions', CPU_EVAL_BATCH),
  };
  const one: OneImageRegions = {
    // Its backward (the saliency) writes no parameter gradients: reading a digit leaves the training step's alone.
    net: new CpuNetwork(graph, model, { batch: 1, training: false, backward: true, inputGradient: true, label: 'one' }, plan),
    probs: plan.floats('one/probs', classes),
  };
  // The memory is whole pages: the reading side's count takes the last page's slack, so the two add up to the memory's size.
  const bytes = Math.ceil(plan.bytes / PAGE_BYTES) * PAGE_BYTES;
  return { plan, bytes, model, live, snapshot, train, eval: evaluation, one, trainingBytes, evaluationBytes: bytes - trainingBytes };
}
