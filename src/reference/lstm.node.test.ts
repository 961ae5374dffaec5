import { describe, expect, it } from 'vitest';
import { lstmBackward, lstmForward } from './lstm.ts';
import type { LstmShape } from '../model/op-shapes.ts';
import { assertClose } from '../testing/close.ts';
import { centralDifferences, linearLoss } from '../testing/finite-differences.ts';
import { randomF32 } from '../testing/random.ts';

const f64 = (a: ArrayLike<number>) => Float64Array.from(a);
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('lstm reference forward', () => {
  it('computes one step of one unit by hand: gates i, f, g, o in that order', () => {
    const s: LstmShape = { batch: 1, steps: 1, features: 1, units: 1, returnSequences: false };
    const w = [0.5, -1, 2, 0.25];
    const b = [0.1, 1, -0.2, 0.3];
    const { y, saved } = lstmForward([0.8], w, [9, 9, 9, 9], b, s);
    const i = sigmoid(0.4 + 0.1);
    const f = sigmoid(-0.8 + 1);
    const g = Math.tanh(1.6 - 0.2);
    const o = sigmoid(0.2 + 0.3);
    // c_{−1} = 0, so the forget gate has nothing to keep, and h_{−1} = 0 leaves U unread.
    const c = i * g;
    assertClose(saved.gates, [i, f, g, o], { atol: 0, rtol: 1e-15 }, 'gates');
    assertClose(saved.cells, [c], { atol: 0, rtol: 1e-15 }, 'cell');
    assertClose(y, [o * Math.tanh(c)], { atol: 0, rtol: 1e-15 }, 'h');
  });

  it('carries h through U and c through the forget gate over two steps', () => {
    const s: LstmShape = { batch: 1, steps: 2, features: 1, units: 1, returnSequences: true };
    const w = [0.5, -1, 2, 0.25];
    const u = [0.3, -0.7, 1.1, 0.9];
    const b = [0, 1, 0, 0];
    const x = [0.8, -0.4];
    const { y, saved } = lstmForward(x, w, u, b, s);
    let h = 0;
    let c = 0;
    const hs: number[] = [];
    for (const xt of x) {
      const z = w.map((wk, k) => xt * wk + h * u[k] + b[k]);
      c = sigmoid(z[1]) * c + sigmoid(z[0]) * Math.tanh(z[2]);
      h = sigmoid(z[3]) * Math.tanh(c);
      hs.push(h);
    }
    assertClose(y, hs, { atol: 0, rtol: 1e-14 }, 'h per step');
    assertClose(saved.hprev, [0, hs[0]], { atol: 0, rtol: 1e-15 }, 'h_{t−1} per step');
  });

  it('keeps only the last state without returnSequences', () => {
    const s: LstmShape = { batch: 3, steps: 5, features: 4, units: 6, returnSequences: true };
    const x = randomF32(3 * 5 * 4, 1);
    const w = randomF32(4 * 24, 2);
    const u = randomF32(6 * 24, 3);
    const b = randomF32(24, 4);
    const all = lstmForward(x, w, u, b, s).y;
    const last = lstmForward(x, w, u, b, { ...s, returnSequences: false }).y;
    for (let n = 0; n < 3; n++)
      assertClose(last.subarray(n * 6, n * 6 + 6), all.subarray((n * 5 + 4) * 6, (n * 5 + 5) * 6), { atol: 0, rtol: 0 }, `sample ${n}`);
  });
});

// Central differences in float64 with h = 1e-5: truncation ~h²·f''' ≈ 1e-10 and rounding
// ~1e-16/h ≈ 1e-11 on a loss of order 1, so 1e-8 absolute is far above both and far below any
// real error (a wrong term is of the order of the gradients, 1e-3 to 1).
const FD_TOL = { atol: 1e-8, rtol: 1e-6 };
const H_STEP = 1e-5;

describe.each([false, true])('lstm reference backward against finite differences, returnSequences %s', (returnSequences) => {
  it.each([
    { batch: 2, steps: 4, features: 3, units: 3 },
    { batch: 1, steps: 1, features: 2, units: 2 },
    { batch: 3, steps: 6, features: 2, units: 5 },
  ])('batch $batch, $steps steps, $features features, $units units', ({ batch, steps, features, units }) => {
    const s: LstmShape = { batch, steps, features, units, returnSequences };
    const G = 4 * units;
    // Weights up to ±1 drive the gates well into their curved range, where a wrong derivative shows.
    const x = f64(randomF32(batch * steps * features, 11));
    const w = f64(randomF32(features * G, 12));
    const u = f64(randomF32(units * G, 13));
    const b = f64(randomF32(G, 14));
    const outLength = returnSequences ? batch * steps * units : batch * units;
    const r = f64(randomF32(outLength, 15));
    const loss = () => linearLoss(lstmForward(x, w, u, b, s).y, r);
    const { saved } = lstmForward(x, w, u, b, s);
    const grads = lstmBackward(x, r, w, u, saved, s);
    assertClose(grads.dw, centralDifferences(w, loss, H_STEP), FD_TOL, 'dW');
    assertClose(grads.du, centralDifferences(u, loss, H_STEP), FD_TOL, 'dU');
    assertClose(grads.db, centralDifferences(b, loss, H_STEP), FD_TOL, 'db');
    assertClose(grads.dx, centralDifferences(x, loss, H_STEP), FD_TOL, 'dx');
  });
});

describe('lstm reference backward checks', () => {
  it('the finite-difference comparison catches a wrong gradient (dU summed against h_t, not h_{t−1})', () => {
    const s: LstmShape = { batch: 2, steps: 3, features: 2, units: 2, returnSequences: true };
    const x = f64(randomF32(12, 21));
    const w = f64(randomF32(16, 22));
    const u = f64(randomF32(16, 23));
    const b = f64(randomF32(8, 24));
    const r = f64(randomF32(12, 25));
    const { y, saved } = lstmForward(x, w, u, b, s);
    // With returnSequences y holds h_t: feeding it as the "previous" states shifts dU by a step.
    const shifted = lstmBackward(x, r, w, u, { ...saved, hprev: y }, s);
    const numeric = centralDifferences(u, () => linearLoss(lstmForward(x, w, u, b, s).y, r), H_STEP);
    expect(() => assertClose(shifted.du, numeric, FD_TOL, 'dU')).toThrow(/dU: \d+ of 16 elements differ/);
    assertClose(lstmBackward(x, r, w, u, saved, s).du, numeric, FD_TOL, 'dU');
  });
});
