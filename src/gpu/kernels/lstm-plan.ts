// lstm's plan for its step kernels (the GEMMs are matmul-plan.ts's):
//   vec4    lstm-vec4.wgsl `forwardStep4` / `backwardStep4`: four units and two samples an
//           invocation, where the units come in whole vec4s; they read U as it is
//   scalar  lstm.wgsl `forwardStep` / `backwardStep`: one unit and four samples an invocation,
//           reading Uᵀ, which the backward pass transposes once (`transposeU`)
import { ceilDiv } from '../dispatch.ts';
import type { KernelPlan } from '../kernel-plan.ts';
import type { LstmShape } from '../../model/op-shapes.ts';

export type LstmStepVariant = 'vec4' | 'scalar';
export type LstmShaderName = 'lstm' | 'lstm-vec4';

const WG = 64;
const MAX_WORKGROUPS = 65535;
/** Samples per scalar step invocation, in the lanes of a vec4. */
const LANES = 4;
/** Samples per vec4 step invocation, which holds four units in a vec4. */
const PAIR = 2;

/** The step kernels, 64 to a workgroup, as wide along the units as they allow. No device fact changes them. */
export function planLstmSteps(s: LstmShape): { forward: KernelPlan<LstmStepVariant, LstmShaderName>; backward: KernelPlan<LstmStepVariant, LstmShaderName> } {
  const vec4 = s.units % 4 === 0;
  const cols = vec4 ? s.units / 4 : s.units;
  const rows = ceilDiv(s.batch, vec4 ? PAIR : LANES);
  let x = 1;
  while (x < WG && x < cols) x *= 2;
  const y = WG / x;
  const workgroups = [ceilDiv(cols, x), ceilDiv(rows, y), 1] as const;
  const step = (entryPoint: string): KernelPlan<LstmStepVariant, LstmShaderName> => ({
    variant: vec4 ? 'vec4' : 'scalar',
    shader: vec4 ? 'lstm-vec4' : 'lstm',
    entryPoint: vec4 ? `${entryPoint}4` : entryPoint,
    constants: { WG_X: x, WG_Y: y },
    workgroups,
  });
  return { forward: step('forwardStep'), backward: step('backwardStep') };
}

/** Whether the step kernels read Uᵀ (the scalar ones), which needs a buffer and a transpose. */
export function lstmReadsTransposedU(s: LstmShape): boolean {
  return planLstmSteps(s).forward.variant === 'scalar';
}

/** Throws, naming the batch, where the step grid would not fit. */
export function checkLstmGrid(s: LstmShape, label: string): void {
  const rows = planLstmSteps(s).forward.workgroups[1];
  if (rows > MAX_WORKGROUPS) throw new Error(`${label}: batch ${s.batch} needs ${rows} workgroups, over ${MAX_WORKGROUPS}`);
}
