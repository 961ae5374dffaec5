// Forward-only plans over the shared parameter buffer: evaluation of a whole split (per-sample
// loss and prediction, written on the GPU, read back once) and prediction of single images.
import { sequentialIndices } from '../data/shuffle.ts';
import { ceilDiv, encodeDispatches, type Dispatch, type GpuContext } from './dispatch.ts';
import type { GpuSplit } from './dataset.ts';
import type { ModelGraph } from '../model/graph.ts';
import { size } from '../model/shape.ts';
import { gather } from './kernels/gather.ts';
import { softmaxEvaluate, softmaxProbabilities } from './kernels/softmax-xent.ts';
import { BufferArena, decl, type BufferDecl } from './memory.ts';
import { OneImageRun } from './one-image-run.ts';
import { readBuffers } from './read-buffers.ts';
import { buildNetwork, networkDecls, networkLayout, type Network, type NetworkBuffers, type NetworkLayout } from './network.ts';
import { DEFAULT_STEP, packStep, STEP_STRIDE, stepSlot } from './step-params.ts';
import type { SplitResult } from '../model/engine.ts';

export const EVAL_BATCH = 250;
/**
 * Written over the predictions before each evaluation: a class no network has. Read back, it
 * means the device refused the run's work (an invalid buffer): a failure to say, not a test of
 * class 0 at loss 0.
 */
const NOT_WRITTEN = 0xffffffff;
/** Batches per submit: keeps each submit short on slow adapters (GPU watchdogs kill long ones). */
export const EVAL_BATCHES_PER_SUBMIT = 4;

export type { SplitResult };

/** Every buffer an evaluation of `count` samples allocates (the readback staging is made and freed per run). */
export interface EvalPlanLayout {
  network: NetworkLayout;
  indices: BufferDecl;
  labels: BufferDecl;
  losses: BufferDecl;
  predictions: BufferDecl;
  step: BufferDecl;
}

export function evalPlanLayout(graph: ModelGraph, count: number, software: boolean): EvalPlanLayout {
  const batch = Math.min(EVAL_BATCH, count);
  return {
    network: networkLayout(graph, batch, 'eval', false, software),
    indices: decl('eval.indices', count * 4),
    labels: decl('eval.labels', batch * 4),
    losses: decl('eval.losses', count * 4),
    predictions: decl('eval.predictions', count * 4),
    // Each batch's cursor is fixed, so every batch has its own step slot, written once.
    step: decl('eval.step', ceilDiv(count, batch) * STEP_STRIDE),
  };
}

export function evalPlanDecls(l: EvalPlanLayout): BufferDecl[] {
  return [...networkDecls(l.network), l.indices, l.labels, l.losses, l.predictions, l.step];
}

export interface PredictPlanLayout {
  network: NetworkLayout;
  probs: BufferDecl;
  /** The mappable copy of probs (one-image-run.ts). */
  readback: BufferDecl;
}

/** Every buffer the prediction of one image allocates (more readbacks only while predictions overlap). */
export function predictPlanLayout(graph: ModelGraph, software: boolean): PredictPlanLayout {
  const bytes = graph.spec.classes * 4;
  return { network: networkLayout(graph, 1, 'eval', false, software), probs: decl('predict.probs', bytes), readback: decl('predict.readback', bytes) };
}

export function predictPlanDecls(l: PredictPlanLayout): BufferDecl[] {
  return [...networkDecls(l.network), l.probs, l.readback];
}

export class EvalPlan {
  private constructor(
    private readonly ctx: GpuContext,
    readonly arena: BufferArena,
    private readonly split: GpuSplit,
    private readonly batches: Dispatch[][],
    private readonly losses: GPUBuffer,
    private readonly predictions: GPUBuffer,
    /** Each batch's gather and forward alone, and where each layer's output lands: what testOutputs reads. */
    readonly forwards: Dispatch[][],
    readonly network: Network,
  ) {}

  get count(): number {
    return this.split.count;
  }

  static async build(ctx: GpuContext, graph: ModelGraph, weights: Pick<NetworkBuffers, 'params' | 'state'>, split: GpuSplit): Promise<EvalPlan> {
    const layout = evalPlanLayout(graph, split.count, Boolean(ctx.software));
    const batch = layout.network.batch;
    const arena = new BufferArena(ctx.device, `eval-${graph.spec.name}`);
    const network = await buildNetwork(ctx, arena, graph, layout.network, { ...weights, mode: 'eval' });
    const indices = arena.allocate(layout.indices);
    ctx.device.queue.writeBuffer(indices, 0, sequentialIndices(split.count));
    const labels = arena.allocate(layout.labels);
    const losses = arena.allocate(layout.losses);
    const predictions = arena.allocate(layout.predictions);
    const n = ceilDiv(split.count, batch);
    const stepData = new ArrayBuffer(n * STEP_STRIDE);
    for (let i = 0; i < n; i++) packStep({ ...DEFAULT_STEP, cursor: i * batch }, stepData, i * STEP_STRIDE);
    const stepUniform = arena.create(layout.step.label, layout.step.bytes, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    ctx.device.queue.writeBuffer(stepUniform, 0, stepData);
    const batches: Dispatch[][] = [];
    const forwards: Dispatch[][] = [];
    for (let i = 0; i < n; i++) {
      const step = stepSlot(stepUniform, i);
      forwards.push([
        ...(await gather(
          ctx,
          { batch, pixels: split.pixels, count: split.count, width: split.width },
          { images: split.images, labels: split.labels, indices, x: network.input, y: labels, step },
          'eval.gather',
        )),
        ...network.forward(0),
      ]);
      batches.push([
        ...forwards[i],
        ...(await softmaxEvaluate(
          ctx,
          { batch, classes: graph.spec.classes, count: split.count },
          { logits: network.logits, labels, losses, predictions, step },
          'eval.softmax',
        )),
      ]);
    }
    return new EvalPlan(ctx, arena, split, batches, losses, predictions, forwards, network);
  }

  /** Per-sample loss and predicted class for the first `limit` samples of the split. */
  async run(limit = this.split.count): Promise<SplitResult> {
    const { device } = this.ctx;
    const count = Math.min(Math.max(1, limit), this.split.count);
    const batch = Math.min(EVAL_BATCH, this.split.count);
    const n = ceilDiv(count, batch);
    device.queue.writeBuffer(this.predictions, 0, new Uint32Array(count).fill(NOT_WRITTEN));
    for (let first = 0; first < n; first += EVAL_BATCHES_PER_SUBMIT) {
      const encoder = device.createCommandEncoder({ label: 'evaluate' });
      const pass = encoder.beginComputePass({ label: 'evaluate' });
      for (let i = first; i < Math.min(n, first + EVAL_BATCHES_PER_SUBMIT); i++) encodeDispatches(pass, this.batches[i]);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }
    const [losses, predictions] = await readBuffers(device, 'evaluate/readback', [
      { buffer: this.losses, bytes: count * 4 },
      { buffer: this.predictions, bytes: count * 4 },
    ]);
    const result = { losses: new Float32Array(losses), predictions: new Uint32Array(predictions) };
    if (result.predictions.includes(NOT_WRITTEN)) throw new Error('the GPU did not write the evaluation: its work was refused (see the GPU error)');
    return result;
  }
}

export class PredictPlan {
  private constructor(
    readonly arena: BufferArena,
    private readonly runner: OneImageRun,
  ) {}

  static async build(ctx: GpuContext, graph: ModelGraph, weights: Pick<NetworkBuffers, 'params' | 'state'>): Promise<PredictPlan> {
    const arena = new BufferArena(ctx.device, `predict-${graph.spec.name}`);
    const layout = predictPlanLayout(graph, Boolean(ctx.software));
    const network = await buildNetwork(ctx, arena, graph, layout.network, { ...weights, mode: 'eval' });
    const classes = graph.spec.classes;
    const probs = arena.allocate(layout.probs);
    const softmax = await softmaxProbabilities(ctx, { batch: 1, classes }, { logits: network.logits, probs }, 'predict.softmax');
    const dispatches = [...network.forward(0), ...softmax];
    const readbacks = [{ source: probs, offset: 0, floats: classes }];
    return new PredictPlan(arena, new OneImageRun(ctx, arena, 'predict', network.input, size(graph.spec.input), dispatches, readbacks, layout.readback));
  }

  get inputSize(): number {
    return this.runner.inputSize;
  }

  async run(image: Float32Array): Promise<Float32Array> {
    return new Float32Array(await this.runner.run(image));
  }
}
