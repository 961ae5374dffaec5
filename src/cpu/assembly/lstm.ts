// The LSTM's element-wise parts; its matrix products run on gemm (./gemm.ts). Gate order i, f, g,
// o along the 4·H axis, as src/reference/lstm.ts and Keras:
//   z = x_t·W + h_{t−1}·U + b,  i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o),
//   c_t = f·c_{t−1} + i·g,  h_t = o·tanh(c_t).
// The layer keeps its per-step tensors time-major ([steps, batch, …]) so that one step's rows are
// one contiguous matrix for gemm. A step's kernels range over its batch rows [begin, end).
import { ld, st } from './memory';

function sigmoid(v: f32): f32 {
  return 1 / (1 + Mathf.exp(-v));
}

/** dst [Q, P, F] = src [P, Q, F] with the first two axes swapped; [begin, end) over dst's Q·P rows of F. */
export function lstm_swap_rows(src: usize, dst: usize, P: i32, Q: i32, F: i32, begin: i32, end: i32): void {
  const bytes = (<usize>F) << 2;
  for (let r = begin; r < end; r++) {
    const q = r / P;
    const p = r - q * P;
    memory.copy(dst + <usize>r * bytes, src + <usize>(p * Q + q) * bytes, bytes);
  }
}

/**
 * One step forward for batch rows [begin, end): z [rows, 4H] (x·W + b + h·U) becomes the gates
 * after their nonlinearities, in place; c = f·cPrev + i·g (cPrev 0: the first step, zeros);
 * h = o·tanh(c). y (0: none) also gets h, row b at y + b·yStride floats.
 */
export function lstm_cell_forward(z: usize, cPrev: usize, c: usize, h: usize, y: usize, H: i32, yStride: i32, begin: i32, end: i32): void {
  const G = 4 * H;
  for (let b = begin; b < end; b++) {
    const zr = z + ((<usize>(b * G)) << 2);
    for (let j = 0; j < H; j++) {
      const i = sigmoid(ld(zr, j));
      const f = sigmoid(ld(zr, H + j));
      const g = Mathf.tanh(ld(zr, 2 * H + j));
      const o = sigmoid(ld(zr, 3 * H + j));
      st(zr, j, i);
      st(zr, H + j, f);
      st(zr, 2 * H + j, g);
      st(zr, 3 * H + j, o);
      const e = b * H + j;
      const kept: f32 = cPrev == 0 ? 0 : f * ld(cPrev, e);
      const cell = kept + i * g;
      st(c, e, cell);
      const hv = o * Mathf.tanh(cell);
      st(h, e, hv);
      if (y != 0) st(y, b * yStride + j, hv);
    }
  }
}

/**
 * One step backward through time for batch rows [begin, end), from the step's gates and cells:
 * dh = dhNext (the later step's dG·Uᵀ; carry 0: the last step, none) + dy (0: none; row b at
 * dy + b·dyStride floats); dc = dcNext + dh·o·(1 − tanh²c); writes dgates [rows, 4H] (w.r.t. the
 * pre-activations) and dc·f, the earlier step's dcNext, over dc in place.
 */
export function lstm_cell_backward(
  gates: usize,
  cPrev: usize,
  c: usize,
  dy: usize,
  dyStride: i32,
  dhNext: usize,
  dc: usize,
  dgates: usize,
  H: i32,
  carry: i32,
  begin: i32,
  end: i32,
): void {
  const G = 4 * H;
  for (let b = begin; b < end; b++) {
    const gr = gates + ((<usize>(b * G)) << 2);
    const dr = dgates + ((<usize>(b * G)) << 2);
    for (let j = 0; j < H; j++) {
      const i = ld(gr, j);
      const f = ld(gr, H + j);
      const g = ld(gr, 2 * H + j);
      const o = ld(gr, 3 * H + j);
      const e = b * H + j;
      const tc = Mathf.tanh(ld(c, e));
      const cp: f32 = cPrev == 0 ? 0 : ld(cPrev, e);
      let dh: f32 = carry ? ld(dhNext, e) : 0;
      if (dy != 0) dh += ld(dy, b * dyStride + j);
      const dcv = (carry ? ld(dc, e) : 0) + dh * o * (1 - tc * tc);
      st(dr, j, dcv * g * i * (1 - i));
      st(dr, H + j, dcv * cp * f * (1 - f));
      st(dr, 2 * H + j, dcv * i * (1 - g * g));
      st(dr, 3 * H + j, dh * tc * o * (1 - o));
      st(dc, e, dcv * f);
    }
  }
}

/** db[k] = Σ_r dgates[r, k] over `rows` rows in increasing r; [begin, end) over the G columns. */
export function lstm_bias_grad(dgates: usize, db: usize, rows: i32, G: i32, begin: i32, end: i32): void {
  memory.fill(db + ((<usize>begin) << 2), 0, (<usize>(end - begin)) << 2);
  for (let r = 0; r < rows; r++) {
    const row = dgates + ((<usize>(r * G)) << 2);
    let k = begin;
    for (; k + 4 <= end; k += 4) {
      const at = db + ((<usize>k) << 2);
      v128.store(at, f32x4.add(v128.load(at), v128.load(row + ((<usize>k) << 2))));
    }
    for (; k < end; k++) st(db, k, ld(db, k) + ld(row, k));
  }
}
