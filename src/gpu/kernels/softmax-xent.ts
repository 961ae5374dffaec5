// softmax-xent: the network's head. Training: fused softmax + cross-entropy that writes dlogits
// and the step's loss and correct count. Evaluation: per-sample loss and prediction. Inference:
// probabilities.
import code from '../../shaders/softmax-xent.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { withStepStruct } from '../step-params.ts';
import type { CrossEntropyShape, SoftmaxShape } from '../../model/op-shapes.ts';

export const softmaxXentShader = { name: 'softmax-xent', code: withStepStruct(code) };

export type { CrossEntropyShape, SoftmaxShape };

export interface SoftmaxEvaluateShape extends SoftmaxShape {
  /** Samples in the evaluation set: rows at step.cursor + b ≥ count are skipped. */
  count: number;
}

export interface SoftmaxCrossEntropyBuffers {
  /** [batch, classes] */
  logits: Binding;
  /** u32 [batch] */
  labels: Binding;
  /** [batch, classes]: d(mean loss)/d(logits). */
  dlogits: Binding;
  /** f32 pairs (mean loss, correct count); this step writes pair step.slot. */
  metrics: Binding;
  /** The per-step uniform (src/gpu/step-params.ts). */
  step: Binding;
}

export interface SoftmaxEvaluateBuffers {
  logits: Binding;
  /** u32 [batch]: the labels of this batch's rows. */
  labels: Binding;
  /** f32 [count]: row b's loss lands at step.cursor + b. */
  losses: Binding;
  /** u32 [count]: row b's argmax lands at step.cursor + b. */
  predictions: Binding;
  step: Binding;
}

export interface SoftmaxProbabilitiesBuffers {
  logits: Binding;
  /** [batch, classes] */
  probs: Binding;
}

const ROW_WG = 64;
const MAX_WORKGROUPS = 65535;

function rowWorkgroups(batch: number, label: string): [number, number, number] {
  const n = ceilDiv(batch, ROW_WG);
  if (n > MAX_WORKGROUPS) throw new Error(`${label}: batch ${batch} exceeds ${MAX_WORKGROUPS * ROW_WG}`);
  return [n, 1, 1];
}

export async function softmaxCrossEntropy(
  ctx: GpuContext,
  shape: CrossEntropyShape,
  buffers: SoftmaxCrossEntropyBuffers,
  label = 'softmax-xent',
): Promise<Dispatch[]> {
  const { batch, classes, smoothing = 0 } = shape;
  requirePositiveIntegers(label, { batch, classes });
  if (!(smoothing >= 0 && smoothing < 1)) throw new Error(`${label}: label smoothing must be ≥ 0 and < 1, got ${smoothing}`);
  const d = await makeDispatch(ctx, {
    label,
    shader: softmaxXentShader,
    entryPoint: 'crossEntropy',
    constants: { BATCH: batch, CLASSES: classes, SMOOTHING: smoothing },
    bindings: [buffers.logits, buffers.labels, buffers.dlogits, buffers.metrics, buffers.step],
    // One workgroup, so the batch's loss and count need no second pass or atomics.
    workgroups: [1, 1, 1],
  });
  return [d];
}

export async function softmaxEvaluate(
  ctx: GpuContext,
  shape: SoftmaxEvaluateShape,
  buffers: SoftmaxEvaluateBuffers,
  label = 'softmax-evaluate',
): Promise<Dispatch[]> {
  const { batch, classes, count } = shape;
  requirePositiveIntegers(label, { batch, classes, count });
  const d = await makeDispatch(ctx, {
    label,
    shader: softmaxXentShader,
    entryPoint: 'evaluate',
    constants: { BATCH: batch, CLASSES: classes, COUNT: count },
    bindings: [buffers.logits, buffers.labels, buffers.losses, buffers.predictions, buffers.step],
    workgroups: rowWorkgroups(batch, label),
  });
  return [d];
}

export async function softmaxProbabilities(
  ctx: GpuContext,
  shape: SoftmaxShape,
  buffers: SoftmaxProbabilitiesBuffers,
  label = 'softmax-probabilities',
): Promise<Dispatch[]> {
  const { batch, classes } = shape;
  requirePositiveIntegers(label, { batch, classes });
  const d = await makeDispatch(ctx, {
    label,
    shader: softmaxXentShader,
    entryPoint: 'probabilities',
    constants: { BATCH: batch, CLASSES: classes },
    bindings: [buffers.logits, buffers.probs],
    workgroups: rowWorkgroups(batch, label),
  });
  return [d];
}
