// The LSTM in plain loops, accumulated in float64: the oracle for the lstm kernels. Gate order
// i, f, g, o along the 4·units axis (src/model/kinds/lstm.ts has the equations). Tensors are
// row-major: x [batch, steps, features], W [features, 4·units], U [units, 4·units], b [4·units].
import type { LstmShape } from '../model/op-shapes.ts';

/** What the backward pass needs, per (sample, step): as the GPU keeps it. */
export interface LstmSaved {
  /** [batch, steps, 4·units]: i, f, g, o after their nonlinearities. */
  gates: Float64Array;
  /** [batch, steps, units]: c_t. */
  cells: Float64Array;
  /** [batch, steps, units]: h_{t−1} (zeros at t = 0), the rows dU sums over. */
  hprev: Float64Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export function lstmForward(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  u: ArrayLike<number>,
  bias: ArrayLike<number>,
  s: LstmShape,
): { y: Float64Array; saved: LstmSaved } {
  const { batch: B, steps: T, features: F, units: H } = s;
  const G = 4 * H;
  const gates = new Float64Array(B * T * G);
  const cells = new Float64Array(B * T * H);
  const hprev = new Float64Array(B * T * H);
  const y = new Float64Array(s.returnSequences ? B * T * H : B * H);
  const z = new Float64Array(G);
  for (let b = 0; b < B; b++) {
    const h = new Float64Array(H);
    const c = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const row = b * T + t;
      hprev.set(h, row * H);
      for (let k = 0; k < G; k++) {
        let sum = bias[k];
        for (let f = 0; f < F; f++) sum += x[row * F + f] * w[f * G + k];
        for (let m = 0; m < H; m++) sum += h[m] * u[m * G + k];
        z[k] = sum;
      }
      for (let j = 0; j < H; j++) {
        const i = sigmoid(z[j]);
        const f = sigmoid(z[H + j]);
        const g = Math.tanh(z[2 * H + j]);
        const o = sigmoid(z[3 * H + j]);
        c[j] = f * c[j] + i * g;
        h[j] = o * Math.tanh(c[j]);
        gates[row * G + j] = i;
        gates[row * G + H + j] = f;
        gates[row * G + 2 * H + j] = g;
        gates[row * G + 3 * H + j] = o;
      }
      cells.set(c, row * H);
      if (s.returnSequences) y.set(h, row * H);
    }
    if (!s.returnSequences) y.set(h, b * H);
  }
  return { y, saved: { gates, cells, hprev } };
}

export interface LstmGrads {
  /** Gradients of the gates' pre-activations, [batch, steps, 4·units]. */
  dgates: Float64Array;
  dw: Float64Array;
  du: Float64Array;
  db: Float64Array;
  dx: Float64Array;
}

/** Backpropagation through time from dy (the output's gradient, shaped as the output). */
export function lstmBackward(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  w: ArrayLike<number>,
  u: ArrayLike<number>,
  saved: LstmSaved,
  s: LstmShape,
): LstmGrads {
  const { batch: B, steps: T, features: F, units: H } = s;
  const G = 4 * H;
  const { gates, cells, hprev } = saved;
  const dgates = new Float64Array(B * T * G);
  for (let b = 0; b < B; b++) {
    // The gradient reaching h_t through U and c_t through the next step's forget gate.
    const dhNext = new Float64Array(H);
    const dcNext = new Float64Array(H);
    for (let t = T - 1; t >= 0; t--) {
      const row = b * T + t;
      for (let j = 0; j < H; j++) {
        const i = gates[row * G + j];
        const f = gates[row * G + H + j];
        const g = gates[row * G + 2 * H + j];
        const o = gates[row * G + 3 * H + j];
        const tc = Math.tanh(cells[row * H + j]);
        const cPrev = t > 0 ? cells[(row - 1) * H + j] : 0;
        let dh = dhNext[j];
        if (s.returnSequences) dh += dy[row * H + j];
        else if (t === T - 1) dh += dy[b * H + j];
        const dc = dcNext[j] + dh * o * (1 - tc * tc);
        dgates[row * G + j] = dc * g * i * (1 - i);
        dgates[row * G + H + j] = dc * cPrev * f * (1 - f);
        dgates[row * G + 2 * H + j] = dc * i * (1 - g * g);
        dgates[row * G + 3 * H + j] = dh * tc * o * (1 - o);
        dcNext[j] = dc * f;
      }
      for (let m = 0; m < H; m++) {
        let sum = 0;
        for (let k = 0; k < G; k++) sum += dgates[row * G + k] * u[m * G + k];
        dhNext[m] = sum;
      }
    }
  }
  const dw = new Float64Array(F * G);
  const du = new Float64Array(H * G);
  const db = new Float64Array(G);
  const dx = new Float64Array(B * T * F);
  for (let r = 0; r < B * T; r++) {
    for (let k = 0; k < G; k++) {
      const d = dgates[r * G + k];
      db[k] += d;
      for (let f = 0; f < F; f++) dw[f * G + k] += x[r * F + f] * d;
      for (let m = 0; m < H; m++) du[m * G + k] += hprev[r * H + m] * d;
    }
    for (let f = 0; f < F; f++) {
      let sum = 0;
      for (let k = 0; k < G; k++) sum += dgates[r * G + k] * w[f * G + k];
      dx[r * F + f] = sum;
    }
  }
  return { dgates, dw, du, db, dx };
}
