// Batch normalization over [batch, channels, inner] (inner = H·W after a conv, 1 after a dense),
// as src/reference/batchnorm.ts defines it, with the fused activation. [begin, end) ranges over
// channels: each channel's sums over batch·inner run on one thread in one order, a row (inner
// values) in four f32 lanes, the rows' sums in f64, so the split never changes the bits.
import { activate } from './activation';
import { ld, ldv, st, stv } from './memory';

/** Σ over one row of n floats at p: four lanes, folded pairwise, then the scalar tail. */
function rowSum(p: usize, n: i32): f64 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, ldv(p, i));
  let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) s += ld(p, i);
  return <f64>s;
}

/** Σ (x − mean)² over one row. */
function rowSquares(p: usize, n: i32, mean: f32): f64 {
  const m = f32x4.splat(mean);
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d = f32x4.sub(ldv(p, i), m);
    acc = f32x4.add(acc, f32x4.mul(d, d));
  }
  let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) {
    const d = ld(p, i) - mean;
    s += d * d;
  }
  return <f64>s;
}

/** Σ dy·x̂ over one row, x̂ = (x − mean)·invStd. */
function rowDot(dy: usize, x: usize, n: i32, mean: f32, invStd: f32): f64 {
  const m = f32x4.splat(mean);
  const r = f32x4.splat(invStd);
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, f32x4.mul(ldv(dy, i), f32x4.mul(f32x4.sub(ldv(x, i), m), r)));
  let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) s += ld(dy, i) * ((ld(x, i) - mean) * invStd);
  return <f64>s;
}

/** y = act((x − mean)·scale + shift) over one row: none and relu on four lanes, tanh and sigmoid per value. */
function normalizeRow(x: usize, y: usize, n: i32, mean: f32, scale: f32, shift: f32, act: i32): void {
  let i = 0;
  if (act <= 1) {
    const m = f32x4.splat(mean);
    const s = f32x4.splat(scale);
    const b = f32x4.splat(shift);
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const v = f32x4.add(f32x4.mul(f32x4.sub(ldv(x, i), m), s), b);
      stv(y, i, act == 1 ? v128.and(v, f32x4.gt(v, zero)) : v);
    }
  }
  for (; i < n; i++) st(y, i, activate(act, (ld(x, i) - mean) * scale + shift));
}

function row(p: usize, r: i32, inner: i32): usize {
  return p + ((<usize>r * <usize>inner) << 2);
}

/**
 * Training forward: the batch mean and biased variance (two passes), saved = [mean (C), invStd
 * (C)], y = act(γ·x̂ + β), and running = momentum·running + (1 − momentum)·batch statistic, the
 * variance unbiased by n/(n − 1) (n = 1: biased).
 */
export function batchnorm_train(
  x: usize,
  gamma: usize,
  beta: usize,
  y: usize,
  saved: usize,
  runningMean: usize,
  runningVar: usize,
  batch: i32,
  channels: i32,
  inner: i32,
  epsilon: f64,
  momentum: f64,
  act: i32,
  begin: i32,
  end: i32,
): void {
  const n = <f64>batch * <f64>inner;
  for (let c = begin; c < end; c++) {
    let sum: f64 = 0;
    for (let b = 0; b < batch; b++) sum += rowSum(row(x, b * channels + c, inner), inner);
    const mean64 = sum / n;
    const mean = <f32>mean64;
    let squares: f64 = 0;
    for (let b = 0; b < batch; b++) squares += rowSquares(row(x, b * channels + c, inner), inner, mean);
    const variance = squares / n;
    const invStd = <f32>(1 / Math.sqrt(variance + epsilon));
    st(saved, c, mean);
    st(saved, channels + c, invStd);
    const correction = n > 1 ? n / (n - 1) : 1;
    st(runningMean, c, <f32>(momentum * <f64>ld(runningMean, c) + (1 - momentum) * mean64));
    st(runningVar, c, <f32>(momentum * <f64>ld(runningVar, c) + (1 - momentum) * variance * correction));
    const scale = ld(gamma, c) * invStd;
    const shift = ld(beta, c);
    for (let b = 0; b < batch; b++) normalizeRow(row(x, b * channels + c, inner), row(y, b * channels + c, inner), inner, mean, scale, shift, act);
  }
}

/** Reading forward: y = act(γ·(x − running mean)/√(running var + ε) + β). */
export function batchnorm_eval(
  x: usize,
  gamma: usize,
  beta: usize,
  runningMean: usize,
  runningVar: usize,
  y: usize,
  batch: i32,
  channels: i32,
  inner: i32,
  epsilon: f64,
  act: i32,
  begin: i32,
  end: i32,
): void {
  for (let c = begin; c < end; c++) {
    const invStd = <f32>(1 / Math.sqrt(<f64>ld(runningVar, c) + epsilon));
    const scale = ld(gamma, c) * invStd;
    const mean = ld(runningMean, c);
    const shift = ld(beta, c);
    for (let b = 0; b < batch; b++) normalizeRow(row(x, b * channels + c, inner), row(y, b * channels + c, inner), inner, mean, scale, shift, act);
  }
}

/**
 * Training backward from dy (w.r.t. the pre-activation output) and saved: dβ = Σ dy, dγ = Σ dy·x̂,
 * dx = γ·invStd·(dy − dβ/n − x̂·dγ/n); dx 0: not wanted (a first layer).
 */
export function batchnorm_backward(
  x: usize,
  dy: usize,
  gamma: usize,
  saved: usize,
  dx: usize,
  dgamma: usize,
  dbeta: usize,
  batch: i32,
  channels: i32,
  inner: i32,
  begin: i32,
  end: i32,
): void {
  const n = <f64>batch * <f64>inner;
  for (let c = begin; c < end; c++) {
    const mean = ld(saved, c);
    const invStd = ld(saved, channels + c);
    let sumDy: f64 = 0;
    let sumDyXhat: f64 = 0;
    for (let b = 0; b < batch; b++) {
      const r = b * channels + c;
      sumDy += rowSum(row(dy, r, inner), inner);
      sumDyXhat += rowDot(row(dy, r, inner), row(x, r, inner), inner, mean, invStd);
    }
    st(dbeta, c, <f32>sumDy);
    st(dgamma, c, <f32>sumDyXhat);
    if (dx == 0) continue;
    const k = ld(gamma, c) * invStd;
    const meanDy = <f32>(sumDy / n);
    const meanDyXhat = <f32>(sumDyXhat / n);
    const vk = f32x4.splat(k);
    const vm = f32x4.splat(mean);
    const vr = f32x4.splat(invStd);
    const vdb = f32x4.splat(meanDy);
    const vdg = f32x4.splat(meanDyXhat);
    for (let b = 0; b < batch; b++) {
      const r = b * channels + c;
      const xp = row(x, r, inner);
      const gp = row(dy, r, inner);
      const op = row(dx, r, inner);
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const xhat = f32x4.mul(f32x4.sub(ldv(xp, i), vm), vr);
        stv(op, i, f32x4.mul(vk, f32x4.sub(f32x4.sub(ldv(gp, i), vdb), f32x4.mul(xhat, vdg))));
      }
      for (; i < inner; i++) {
        const xhat = (ld(xp, i) - mean) * invStd;
        st(op, i, k * (ld(gp, i) - meanDy - xhat * meanDyXhat));
      }
    }
  }
}

/** Reading backward (saliency): the layer is affine per channel, dx = dy·γ/√(running var + ε). */
export function batchnorm_eval_backward(
  dy: usize,
  gamma: usize,
  runningVar: usize,
  dx: usize,
  batch: i32,
  channels: i32,
  inner: i32,
  epsilon: f64,
  begin: i32,
  end: i32,
): void {
  for (let c = begin; c < end; c++) {
    const k = <f32>(<f64>ld(gamma, c) / Math.sqrt(<f64>ld(runningVar, c) + epsilon));
    const vk = f32x4.splat(k);
    for (let b = 0; b < batch; b++) {
      const gp = row(dy, b * channels + c, inner);
      const op = row(dx, b * channels + c, inner);
      let i = 0;
      for (; i + 4 <= inner; i += 4) stv(op, i, f32x4.mul(ldv(gp, i), vk));
      for (; i < inner; i++) st(op, i, ld(gp, i) * k);
    }
  }
}
