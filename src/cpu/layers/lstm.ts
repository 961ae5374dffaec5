// lstm with backpropagation through time. The per-step tensors are kept time-major ([steps,
// batch, …]) so that one step's rows are one matrix for gemm: x·W + b for every step in one
// product, then per step h_{t−1}·U added and the cell kernel; the backward runs the cell kernel
// and dG·Uᵀ per step from the last, then dW, dU, db and dx over all steps at once. Each kernel is
// split over batch rows, or over the output rows of a product whose sum runs over the batch (dW,
// dU) and over the columns of db, so the split never changes a sum's order.
import { lstmShape } from '../../model/kinds/lstm.ts';
import type { LstmSpec } from '../../model/layer-spec.ts';
import type { Run } from '../run.ts';
import type { CpuLayerKind } from './layer.ts';
import { requireFloats } from './regions.ts';

/** gemm's 4-row register tile: ranges of whole tiles. */
const GEMM_GRAIN = 4;

/** Rows [begin, end) of C = (accumulate ? C : 0) + bias + op(A)·op(B), split over C's M rows. */
function gemm(run: Run, transA: boolean, transB: boolean, M: number, N: number, K: number, a: number, b: number, c: number, bias: number, accumulate: boolean) {
  run.parallel('gemm', M, [+transA, +transB, M, N, K, a, b, c, bias, 0, +accumulate], GEMM_GRAIN);
}

export const lstm: CpuLayerKind<LstmSpec> = {
  build(a) {
    const { batch: B, steps: T, features: F, units: H, returnSequences } = lstmShape(a.spec, a.layer.input, a.batch);
    const G = 4 * H;
    const name = a.spec.name;
    const outRows = returnSequences ? T : 1;
    requireFloats(name, 'x', a.x, B * T * F);
    requireFloats(name, 'y', a.y, B * outRows * H);
    if (a.dy) requireFloats(name, 'dy', a.dy, B * outRows * H);
    if (a.dx) requireFloats(name, 'dx', a.dx, B * T * F);
    a.params.forEach((r, i) => requireFloats(name, ['weight', 'recurrent weight', 'bias'][i], r, [F * G, H * G, G][i]));
    const trainGrads = a.training && a.grads.length > 0;
    if (trainGrads)
      a.grads.forEach((r, i) => requireFloats(name, ['weight gradient', 'recurrent weight gradient', 'bias gradient'][i], r, [F * G, H * G, G][i]));
    const [w, u, bias] = a.params.map((r) => r.offset);
    const floats = (what: string, n: number) => a.plan.floats(`${name}/${what}`, n).offset;
    const xT = floats('x-time-major', T * B * F);
    const gates = floats('gates', T * B * G);
    const cells = floats('cells', T * B * H);
    const hs = floats('h', T * B * H);
    const backward = a.dy !== null;
    const dgates = backward ? floats('dgates', T * B * G) : 0;
    const dh = backward ? floats('dh', B * H) : 0;
    const dc = backward ? floats('dc', B * H) : 0;
    const dxT = a.dx ? floats('dx-time-major', T * B * F) : 0;
    // Byte offsets of step t's blocks.
    const at = (base: number, t: number, width: number) => base + t * B * width * 4;
    const { x, y, dy, dx } = a;
    return {
      forward(run) {
        run.parallel('lstm_swap_rows', T * B, [x.offset, xT, B, T, F]);
        gemm(run, false, false, T * B, G, F, xT, w, gates, bias, false);
        for (let t = 0; t < T; t++) {
          if (t > 0) gemm(run, false, false, B, G, H, at(hs, t - 1, H), u, at(gates, t, G), 0, true);
          const out = returnSequences ? y.offset + t * H * 4 : t === T - 1 ? y.offset : 0;
          const cPrev = t > 0 ? at(cells, t - 1, H) : 0;
          run.parallel('lstm_cell_forward', B, [at(gates, t, G), cPrev, at(cells, t, H), at(hs, t, H), out, H, returnSequences ? T * H : H]);
        }
      },
      backward(run) {
        if (!dy) return;
        for (let t = T - 1; t >= 0; t--) {
          const grad = returnSequences ? dy.offset + t * H * 4 : t === T - 1 ? dy.offset : 0;
          const cPrev = t > 0 ? at(cells, t - 1, H) : 0;
          const args = [at(gates, t, G), cPrev, at(cells, t, H), grad, returnSequences ? T * H : H, dh, dc, at(dgates, t, G), H, +(t < T - 1)];
          run.parallel('lstm_cell_backward', B, args);
          if (t > 0) gemm(run, false, true, B, H, G, at(dgates, t, G), u, dh, 0, false);
        }
        if (trainGrads) {
          const [dw, du, db] = a.grads.map((r) => r.offset);
          gemm(run, true, false, F, G, T * B, xT, dgates, dw, 0, false);
          // h_{t−1} for t ≥ 1 against dG_t: h_{−1} = 0 adds nothing (T = 1: K = 0, dU = 0).
          gemm(run, true, false, H, G, (T - 1) * B, hs, at(dgates, 1, G), du, 0, false);
          run.parallel('lstm_bias_grad', G, [dgates, db, T * B, G]);
        }
        if (dx) {
          gemm(run, false, true, T * B, F, G, dgates, w, dxT, 0, false);
          run.parallel('lstm_swap_rows', B * T, [dxT, dx.offset, T, B, F]);
        }
      },
    };
  },
};
