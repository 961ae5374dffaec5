// batchnorm: batch normalization over [batch, channels, inner] with a fused activation: training
// forward (batch statistics, running-statistic update), evaluation forward (running statistics)
// and backward (dx, dgamma, dbeta for dy w.r.t. the pre-activation output).
import code from '../../shaders/batchnorm.wgsl?raw';
import activationWgsl from '../../shaders/lib/activation.wgsl?raw';
import { makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { deviceFacts, planned } from '../kernel-plan.ts';
import { planBatchNorm } from './batchnorm-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import { ACTIVATIONS, activationCode } from '../../model/activation.ts';
import type { BatchNormShape } from '../../model/op-shapes.ts';

// activate() goes after the kernel, so compile errors keep batchnorm.wgsl's own line numbers.
export const batchnormShader = { name: 'batchnorm', code: `${code}\n${activationWgsl}` };
const SHADERS = { batchnorm: batchnormShader };

/** Keras' defaults. */
export const BATCHNORM_EPSILON = 1e-3;
export const BATCHNORM_MOMENTUM = 0.99;

export type { BatchNormShape };

export interface BatchNormTrainBuffers {
  /** [batch, channels, inner] */
  x: Binding;
  /** [channels] */
  gamma: Binding;
  /** [channels] */
  beta: Binding;
  /** [batch, channels, inner], overwritten. */
  y: Binding;
  /** [2·channels]: mean, then 1/sqrt(var + epsilon); overwritten, read by the backward pass. */
  saved: Binding;
  /** [channels], updated in place. */
  runningMean: Binding;
  /** [channels], updated in place with the unbiased batch variance. */
  runningVar: Binding;
}

export interface BatchNormEvalBuffers {
  x: Binding;
  gamma: Binding;
  beta: Binding;
  runningMean: Binding;
  runningVar: Binding;
  /** Overwritten. */
  y: Binding;
}

export interface BatchNormBackwardBuffers {
  /** The forward input. */
  x: Binding;
  /** Gradient w.r.t. the pre-activation output, [batch, channels, inner]. */
  dy: Binding;
  gamma: Binding;
  /** As written by the training forward. */
  saved: Binding;
  /** [batch, channels, inner], overwritten. */
  dx: Binding;
  /** [channels], overwritten. */
  dgamma: Binding;
  /** [channels], overwritten. */
  dbeta: Binding;
}

/** Floats in the `saved` buffer. */
export function batchNormSavedLength(channels: number): number {
  return 2 * channels;
}

interface Resolved {
  epsilon: number;
  momentum: number;
  total: number;
}

/** Checks every field before any GPU work; throws naming the field. */
function resolve(shape: BatchNormShape, label: string): Resolved {
  const { batch, channels, inner } = shape;
  requirePositiveIntegers(label, { batch, channels, inner });
  const epsilon = shape.epsilon ?? BATCHNORM_EPSILON;
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new Error(`${label}: epsilon must be a positive number, got ${epsilon}`);
  const momentum = shape.momentum ?? BATCHNORM_MOMENTUM;
  if (!(momentum >= 0 && momentum < 1)) throw new Error(`${label}: momentum must be in [0, 1), got ${momentum}`);
  if (!ACTIVATIONS.includes(shape.activation)) {
    throw new Error(`${label}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${String(shape.activation)}`);
  }
  const total = batch * channels * inner;
  // Flat u32 indices, with room for the grid-stride loop's last step.
  if (total > 2 ** 31) throw new Error(`${label}: batch·channels·inner = ${total} exceeds 2^31 elements`);
  return { epsilon, momentum, total };
}

function shapeConstants(shape: BatchNormShape) {
  return { BATCH: shape.batch, CHANNELS: shape.channels, INNER: shape.inner };
}

/** Two dispatches: per-channel statistics (and the running update), then the normalization. */
export async function batchNormTrain(ctx: GpuContext, shape: BatchNormShape, buffers: BatchNormTrainBuffers, label = 'batchnorm-train'): Promise<Dispatch[]> {
  const r = resolve(shape, label);
  const p = planBatchNorm(shape, deviceFacts(ctx));
  return Promise.all([
    makeDispatch(ctx, {
      label: `${label}/stats`,
      ...planned(p.trainStats, SHADERS),
      constants: { ...shapeConstants(shape), EPSILON: r.epsilon, MOMENTUM: r.momentum },
      bindings: [buffers.x, buffers.saved, buffers.runningMean, buffers.runningVar],
    }),
    makeDispatch(ctx, {
      label: `${label}/normalize`,
      ...planned(p.trainNormalize, SHADERS),
      constants: { ...shapeConstants(shape), ACTIVATION: activationCode(shape.activation) },
      bindings: [buffers.x, buffers.gamma, buffers.beta, buffers.y, buffers.saved],
    }),
  ]);
}

/** One element-wise dispatch with the running statistics. */
export async function batchNormEval(ctx: GpuContext, shape: BatchNormShape, buffers: BatchNormEvalBuffers, label = 'batchnorm-eval'): Promise<Dispatch[]> {
  const r = resolve(shape, label);
  const d = await makeDispatch(ctx, {
    label,
    ...planned(planBatchNorm(shape, deviceFacts(ctx)).evalNormalize, SHADERS),
    constants: { ...shapeConstants(shape), EPSILON: r.epsilon, ACTIVATION: activationCode(shape.activation) },
    bindings: [buffers.x, buffers.gamma, buffers.beta, buffers.y, buffers.runningMean, buffers.runningVar],
  });
  return [d];
}

export interface BatchNormEvalBackwardBuffers {
  /** Gradient w.r.t. the pre-activation output, [batch, channels, inner]. */
  dy: Binding;
  gamma: Binding;
  runningVar: Binding;
  /** [channels] of zeros, never written: stands for the mean and β, which the gradient does not see. */
  zeros: Binding;
  /** [batch, channels, inner], overwritten. */
  dx: Binding;
}

/**
 * dx when reading (saliency): with running statistics the layer is affine per channel, so
 * dx = dy·γ/√(var + ε). That is the evaluation forward itself applied to dy with a zero mean, a
 * zero β and no activation: the same kernel, no new WGSL.
 */
export async function batchNormEvalBackward(
  ctx: GpuContext,
  shape: BatchNormShape,
  b: BatchNormEvalBackwardBuffers,
  label = 'batchnorm-eval-backward',
): Promise<Dispatch[]> {
  const linear = { ...shape, activation: 'none' as const };
  return batchNormEval(ctx, linear, { x: b.dy, gamma: b.gamma, beta: b.zeros, runningMean: b.zeros, runningVar: b.runningVar, y: b.dx }, label);
}

/** Two dispatches: per-channel dbeta and dgamma, then dx from them. */
export async function batchNormBackward(
  ctx: GpuContext,
  shape: BatchNormShape,
  buffers: BatchNormBackwardBuffers,
  label = 'batchnorm-backward',
): Promise<Dispatch[]> {
  resolve(shape, label);
  const p = planBatchNorm(shape, deviceFacts(ctx));
  const constants = shapeConstants(shape);
  return Promise.all([
    makeDispatch(ctx, {
      label: `${label}/reduce`,
      ...planned(p.backwardReduce, SHADERS),
      constants,
      bindings: [buffers.x, buffers.dy, buffers.saved, buffers.dgamma, buffers.dbeta],
    }),
    makeDispatch(ctx, {
      label: `${label}/dx`,
      ...planned(p.backwardDx, SHADERS),
      constants,
      bindings: [buffers.x, buffers.dy, buffers.saved, buffers.gamma, buffers.dgamma, buffers.dbeta, buffers.dx],
    }),
  ]);
}
