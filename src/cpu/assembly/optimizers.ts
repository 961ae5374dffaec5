// The optimizers' updates in place over the packed parameters, as src/model/optimizers defines
// them (Keras' Adam; SGD with momentum). Element-wise, split over elements. The step's scalars
// come already rounded to f32 (lrT computed by the caller as the GPU's kernel does).
import { ldv, stv, ld, st } from './memory';

/** m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; p ← p − lrT·m / (√v + ε). */
export function adam_update(params: usize, grads: usize, m: usize, v: usize, lrT: f32, b1: f32, b2: f32, eps: f32, begin: i32, end: i32): void {
  const c1: f32 = 1 - b1;
  const c2: f32 = 1 - b2;
  const vb1 = f32x4.splat(b1);
  const vb2 = f32x4.splat(b2);
  const vc1 = f32x4.splat(c1);
  const vc2 = f32x4.splat(c2);
  const vlr = f32x4.splat(lrT);
  const veps = f32x4.splat(eps);
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const g = ldv(grads, i);
    const mi = f32x4.add(f32x4.mul(vb1, ldv(m, i)), f32x4.mul(vc1, g));
    const vi = f32x4.add(f32x4.mul(vb2, ldv(v, i)), f32x4.mul(f32x4.mul(vc2, g), g));
    stv(m, i, mi);
    stv(v, i, vi);
    stv(params, i, f32x4.sub(ldv(params, i), f32x4.div(f32x4.mul(vlr, mi), f32x4.add(f32x4.sqrt(vi), veps))));
  }
  for (; i < end; i++) {
    const g = ld(grads, i);
    const mi = b1 * ld(m, i) + c1 * g;
    const vi = b2 * ld(v, i) + c2 * g * g;
    st(m, i, mi);
    st(v, i, vi);
    st(params, i, ld(params, i) - (lrT * mi) / (Mathf.sqrt(vi) + eps));
  }
}

/** velocity ← momentum·velocity + g; p ← p − lr·velocity. */
export function sgd_update(params: usize, grads: usize, velocity: usize, lr: f32, momentum: f32, begin: i32, end: i32): void {
  const vm = f32x4.splat(momentum);
  const vlr = f32x4.splat(lr);
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const vel = f32x4.add(f32x4.mul(vm, ldv(velocity, i)), ldv(grads, i));
    stv(velocity, i, vel);
    stv(params, i, f32x4.sub(ldv(params, i), f32x4.mul(vlr, vel)));
  }
  for (; i < end; i++) {
    const vel = momentum * ld(velocity, i) + ld(grads, i);
    st(velocity, i, vel);
    st(params, i, ld(params, i) - lr * vel);
  }
}
