// The fused activations (src/model/activation.ts: 0 none, 1 relu, 2 tanh, 3 sigmoid) applied in
// place, and their backward from the forward output y, as src/reference/activation.ts defines
// them. Element-wise: [begin, end) are element indices.
import { ld, ldv, st, stv } from './memory';

export function activate(code: i32, v: f32): f32 {
  if (code == 1) return v > 0 ? v : 0;
  if (code == 2) return Mathf.tanh(v);
  if (code == 3) return 1 / (1 + Mathf.exp(-v));
  return v;
}

/** y = f(y) in place. */
export function activation_forward(code: i32, y: usize, begin: i32, end: i32): void {
  if (code == 0) return;
  let i = begin;
  if (code == 1) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= end; i += 4) {
      const v = ldv(y, i);
      // A mask, as the scalar tail: NaN and −0 become +0 on both paths.
      stv(y, i, v128.and(v, f32x4.gt(v, zero)));
    }
  }
  for (; i < end; i++) st(y, i, activate(code, ld(y, i)));
}

/** dy = dy · f′(y) in place; relu masks (an infinite dy where y ≤ 0 becomes 0). */
export function activation_backward(code: i32, y: usize, dy: usize, begin: i32, end: i32): void {
  if (code == 0) return;
  let i = begin;
  if (code == 1) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= end; i += 4) stv(dy, i, v128.and(ldv(dy, i), f32x4.gt(ldv(y, i), zero)));
  }
  for (; i < end; i++) {
    const g = ld(dy, i);
    const v = ld(y, i);
    let r: f32 = g;
    if (code == 1) r = v > 0 ? g : 0;
    else if (code == 2) r = g * (1 - v * v);
    else if (code == 3) r = g * v * (1 - v);
    st(dy, i, r);
  }
}
