// lstm: an LSTM layer's dispatches. Forward: the input projection x·W + b for every step as one
// GEMM (matmul.wgsl), then one dispatch per step that fuses the recurrent product h_{t−1}·U with
// the gates and the cell update. Backward through time: one dispatch per step, in reverse, that
// fuses dh_t = dy_t + dG_{t+1}·Uᵀ with the cell's backward (U is transposed once per pass, so
// those reads coalesce); then the gradients as GEMMs over all steps at once: dW = Xᵀ·dG,
// dU = H_prevᵀ·dG, db = Σ dG (bias-grad.wgsl), dX = dG·Wᵀ.
//
// Each step's dispatch reads its step index t from its own 256-byte slot of the `steps` buffer,
// bound at an aligned offset, so the T dispatches share one pipeline and one set of constants.
// The forward's first dispatch writes the slots: nothing is uploaded, and the backward of the
// same plan reads what its forward wrote.
import code from '../../shaders/lstm.wgsl?raw';
import vec4Code from '../../shaders/lstm-vec4.wgsl?raw';
import sharedCode from '../../shaders/lib/lstm-shared.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { planned } from '../kernel-plan.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';
import type { LstmShape, MatmulShape } from '../../model/op-shapes.ts';
import { biasGrad } from './bias-grad.ts';
import { matmul, matmulScratchBytes } from './matmul.ts';
import { checkLstmGrid, lstmReadsTransposedU, planLstmSteps, type LstmShaderName } from './lstm-plan.ts';
import type { ShaderSource } from '../pipelines.ts';

// The gates go after the kernels, so compile errors keep each file's own line numbers.
export const lstmShader = { name: 'lstm', code: `${code}\n${sharedCode}` };
export const lstmVec4Shader = { name: 'lstm-vec4', code: `${vec4Code}\n${sharedCode}` };
const SHADERS: Record<LstmShaderName, ShaderSource> = { lstm: lstmShader, 'lstm-vec4': lstmVec4Shader };

export type { LstmShape };

/** Where each region of the sequence buffer starts, in floats (256-byte aligned), and its length. */
export interface LstmSeqLayout {
  /** [batch, steps, 4·units]: the projection, then the gates after their nonlinearities. */
  gates: number;
  /** [batch, steps, units]: c_t. */
  cells: number;
  /** [batch, steps, units]: h_{t−1}, zeros at t = 0. */
  hprev: number;
  floats: number;
}

const ALIGN_FLOATS = 64;
/** Bytes from one step-index slot to the next: minStorageBufferOffsetAlignment's largest value. */
export const LSTM_SLOT_STRIDE = 256;
const WG = 64;

const align = (n: number) => Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;

export function lstmSeqLayout(s: LstmShape): LstmSeqLayout {
  const rows = s.batch * s.steps;
  const cells = align(rows * 4 * s.units);
  const hprev = cells + align(rows * s.units);
  return { gates: 0, cells, hprev, floats: hprev + rows * s.units };
}

/** The GEMMs, with x viewed as [batch·steps, features] and dG as [batch·steps, 4·units]. */
export function lstmMatmulShapes(s: LstmShape): { projection: MatmulShape; weightGrad: MatmulShape; recurrentGrad: MatmulShape; inputGrad: MatmulShape } {
  const rows = s.batch * s.steps;
  const G = 4 * s.units;
  return {
    projection: { M: rows, N: G, K: s.features },
    weightGrad: { M: s.features, N: G, K: rows, transA: true },
    recurrentGrad: { M: s.units, N: G, K: rows, transA: true },
    inputGrad: { M: rows, N: s.features, K: G, transB: true },
  };
}

/** The layer's own buffers in bytes: the sequence, the step slots and, training, dG, the cell carry, Uᵀ and split-K scratch. */
export function lstmScratchBytes(s: LstmShape, train?: { dx: boolean }): Record<string, number> {
  const m = lstmMatmulShapes(s);
  const gemms = train ? [m.projection, m.weightGrad, m.recurrentGrad, ...(train.dx ? [m.inputGrad] : [])] : [m.projection];
  const splitK = Math.max(...gemms.map(matmulScratchBytes));
  return {
    seq: lstmSeqLayout(s).floats * 4,
    steps: s.steps * LSTM_SLOT_STRIDE,
    ...(train ? { dgates: s.batch * s.steps * 4 * s.units * 4, carry: s.batch * s.units * 4 } : {}),
    ...(train && lstmReadsTransposedU(s) ? { 'recurrent-t': s.units * 4 * s.units * 4 } : {}),
    ...(splitK > 0 ? { 'split-k-scratch': splitK } : {}),
  };
}

function check(s: LstmShape, label: string): void {
  const { batch, steps, features, units } = s;
  requirePositiveIntegers(label, { batch, steps, features, units });
  if (batch * steps * 4 * units > 2 ** 31) throw new Error(`${label}: batch·steps·4·units = ${batch * steps * 4 * units} exceeds 2^31 elements`);
  checkLstmGrid(s, label);
}

function stepConstants(s: LstmShape) {
  const l = lstmSeqLayout(s);
  return { BATCH: s.batch, STEPS: s.steps, UNITS: s.units, SEQUENCES: s.returnSequences ? 1 : 0, GATES: l.gates, CELLS: l.cells, HPREV: l.hprev };
}

const slot = (steps: GPUBuffer, t: number): GPUBufferBinding => ({ buffer: steps, offset: t * LSTM_SLOT_STRIDE, size: 4 });
const region = (buffer: GPUBuffer, offset: number, floats: number): GPUBufferBinding => ({ buffer, offset: offset * 4, size: floats * 4 });

export interface LstmForwardBuffers {
  /** [batch, steps, features] */
  x: Binding;
  /** [features, 4·units] */
  w: Binding;
  /** [units, 4·units] */
  u: Binding;
  /** [4·units] */
  bias: Binding;
  /** [batch, steps, units] with returnSequences, else [batch, units]; overwritten. */
  y: Binding;
  /** lstmSeqLayout(shape).floats floats, overwritten; the backward pass reads it. */
  seq: GPUBuffer;
  /** steps·256 bytes of step-index slots, overwritten. */
  steps: GPUBuffer;
  /** For the projection's split-K slices, where lstmScratchBytes asks for them. */
  scratch?: Binding;
}

/** 2 + steps dispatches (3 + steps when the projection splits K). */
export async function lstmForward(ctx: GpuContext, s: LstmShape, b: LstmForwardBuffers, label = 'lstm'): Promise<Dispatch[]> {
  check(s, label);
  const l = lstmSeqLayout(s);
  const plan = planLstmSteps(s).forward;
  const rows = s.batch * s.steps;
  const writeSteps = makeDispatch(ctx, {
    label: `${label}/steps`,
    shader: lstmShader,
    entryPoint: 'writeSteps',
    constants: { STEPS: s.steps },
    bindings: [b.steps],
    workgroups: [ceilDiv(s.steps, WG), 1, 1],
  });
  const projection = matmul(
    ctx,
    lstmMatmulShapes(s).projection,
    { a: b.x, b: b.w, bias: b.bias, out: region(b.seq, l.gates, rows * 4 * s.units), scratch: b.scratch },
    `${label}/projection`,
  );
  const constants = { ...stepConstants(s), ...plan.constants };
  const seq = region(b.seq, 0, l.floats);
  const steps = Array.from({ length: s.steps }, (_, t) =>
    makeDispatch(ctx, {
      label: `${label}/step-${t}`,
      ...planned(plan, SHADERS),
      constants,
      bindings: [slot(b.steps, t), b.u, seq, b.y],
    }),
  );
  return [await writeSteps, ...(await projection), ...(await Promise.all(steps))];
}

export interface LstmBackwardBuffers {
  /** The forward's input, [batch, steps, features]. */
  x: Binding;
  w: Binding;
  u: Binding;
  /** As the training forward left them. */
  seq: GPUBuffer;
  steps: GPUBuffer;
  /** Gradient of the output, shaped as y. */
  dy: Binding;
  /** [batch, steps, 4·units]: gradients of the gates' pre-activations; overwritten. */
  dgates: Binding;
  /** [batch, units]: dc_t·f_t from one step to the one before; overwritten. */
  carry: Binding;
  /** [4·units, units]: Uᵀ, overwritten; the vec4 kernels (units % 4 == 0) read U and need none. */
  ut?: Binding;
  /** Overwritten. */
  dw: Binding;
  du: Binding;
  db: Binding;
  /** [batch, steps, features], overwritten; null when the input needs no gradient. */
  dx: Binding | null;
  scratch?: Binding;
}

/** Uᵀ, steps dispatches through time, then dW, dU, db (and dX) over all steps. */
export async function lstmBackward(ctx: GpuContext, s: LstmShape, b: LstmBackwardBuffers, label = 'lstm-backward'): Promise<Dispatch[]> {
  check(s, label);
  const l = lstmSeqLayout(s);
  const plan = planLstmSteps(s).backward;
  const rows = s.batch * s.steps;
  const m = lstmMatmulShapes(s);
  const constants = { ...stepConstants(s), ...plan.constants };
  const seq = region(b.seq, 0, l.floats);
  const ut = lstmReadsTransposedU(s) ? b.ut : null;
  if (ut === undefined) throw new Error(`${label}: ${s.units} units (not a multiple of 4) need a Uᵀ buffer`);
  const transpose = !ut
    ? null
    : makeDispatch(ctx, {
        label: `${label}/transpose-u`,
        shader: lstmShader,
        entryPoint: 'transposeU',
        constants: { UNITS: s.units },
        bindings: [b.u, ut],
        workgroups: [ceilDiv(4 * s.units, WG), s.units, 1],
      });
  const steps = Array.from({ length: s.steps }, (_, i) => {
    const t = s.steps - 1 - i;
    return makeDispatch(ctx, {
      label: `${label}/step-${t}`,
      ...planned(plan, SHADERS),
      constants,
      bindings: [slot(b.steps, t), ut ?? b.u, seq, b.dy, b.dgates, b.carry],
    });
  });
  const hprev = region(b.seq, l.hprev, rows * s.units);
  const grads = [
    matmul(ctx, m.weightGrad, { a: b.x, b: b.dgates, out: b.dw, scratch: b.scratch }, `${label}/grad-weight`),
    matmul(ctx, m.recurrentGrad, { a: hprev, b: b.dgates, out: b.du, scratch: b.scratch }, `${label}/grad-recurrent`),
    biasGrad(ctx, { outer: rows, channels: 4 * s.units, inner: 1 }, { dy: b.dgates, db: b.db }, `${label}/grad-bias`),
    ...(b.dx ? [matmul(ctx, m.inputGrad, { a: b.dgates, b: b.w, out: b.dx, scratch: b.scratch }, `${label}/grad-input`)] : []),
  ];
  const t = await transpose;
  return [...(t ? [t] : []), ...(await Promise.all(steps)), ...(await Promise.all(grads)).flat()];
}
