// The per-step uniform that kernels read values from which change every step: where the batch
// starts in the shuffled order, which metrics slot to write, the optimizer's step count and
// hyperparameters. Several steps are encoded into one command buffer, so each step has its own
// 256-byte slot of one uniform buffer and its own bind groups; the CPU writes all slots of a
// submit in one writeBuffer.
//
// The WGSL struct is generated from STEP_LAYOUT and appended to every shader that binds it, so
// the CPU's packing and the shaders' reading cannot drift apart.
import { DEFAULT_HYPER } from '../model/optimizers/index.ts';
import { packUniforms, uniformSize, type UniformLayout } from './uniforms.ts';
import type { OptimizerStep } from '../model/optimizers/optimizer.ts';

export const STEP_LAYOUT: UniformLayout = [
  ['cursor', 'u32'], // index of the batch's first sample in the epoch's shuffled order
  ['slot', 'u32'], // metrics slot this step writes (loss, correct count)
  ['t', 'u32'], // optimizer step, 1-based (Adam's bias correction)
  ['lr', 'f32'],
  ['beta1', 'f32'],
  ['beta2', 'f32'],
  ['eps', 'f32'],
  ['momentum', 'f32'],
  ['shift', 'u32'], // augmentation: each sample moves by up to this many pixels (0: off)
  ['seed', 'u32'], // the run's seed, for the augmentation's per-sample draw
  ['rotate', 'f32'], // augmentation: each sample turns by up to this many radians either way (0: off)
  ['zoom', 'f32'], // augmentation: each sample scales by a factor in 1 ± zoom (0: off)
];

/** The optimizer's part (step count, rate, hyperparameters) is the registry's; the rest is the gather's. */
export interface StepParams extends OptimizerStep {
  cursor: number;
  slot: number;
  shift: number;
  seed: number;
  rotate: number;
  zoom: number;
}

export const STEP_BYTES = uniformSize(STEP_LAYOUT);
/** Slot stride: WebGPU's default minUniformBufferOffsetAlignment. */
export const STEP_STRIDE = 256;

export function packStep(p: StepParams, target?: ArrayBuffer, byteOffset = 0): ArrayBuffer {
  return packUniforms(STEP_LAYOUT, p as unknown as Record<string, number>, target, byteOffset);
}

/** The binding of slot i of a step uniform buffer. */
export function stepSlot(buffer: GPUBuffer, i: number): GPUBufferBinding {
  return { buffer, offset: i * STEP_STRIDE, size: STEP_BYTES };
}

export const DEFAULT_STEP: StepParams = {
  cursor: 0,
  slot: 0,
  t: 1,
  lr: 1e-3,
  ...DEFAULT_HYPER,
  shift: 0,
  seed: 0,
  rotate: 0,
  zoom: 0,
};

/** `struct Step { cursor: u32, … }` as WGSL, from STEP_LAYOUT. */
export const STEP_STRUCT_WGSL = `struct Step { ${STEP_LAYOUT.map(([name, type]) => `${name}: ${type}`).join(', ')} }`;

/** A shader's code with the Step struct declared after it (appended: error line numbers stay the file's). */
export function withStepStruct(code: string): string {
  return `${code}\n${STEP_STRUCT_WGSL}\n`;
}
