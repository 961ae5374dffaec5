// Max, average and global average pooling over valid windows, forward and backward, as
// src/reference/maxpool.ts and avgpool.ts define them. Tensors are NCHW; [begin, end) ranges over
// (image, channel) planes, and each plane's outputs and input gradients belong to its range alone.
import { ld, ldv, st, stv } from './memory';

/**
 * y = each window's maximum, the first one in scan order on ties (a later value replaces it only
 * when greater, so NaN never does). argmax (0: none kept) gets its index inside the plane.
 */
export function maxpool_forward(
  x: usize,
  y: usize,
  argmax: usize,
  inH: i32,
  inW: i32,
  size: i32,
  stride: i32,
  outH: i32,
  outW: i32,
  begin: i32,
  end: i32,
): void {
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  for (let plane = begin; plane < end; plane++) {
    const xp = x + ((<usize>(plane * inPlane)) << 2);
    const yp = y + ((<usize>(plane * outPlane)) << 2);
    const ap: usize = argmax == 0 ? 0 : argmax + ((<usize>(plane * outPlane)) << 2);
    for (let oh = 0; oh < outH; oh++) {
      let ow = 0;
      if (size == 2 && stride == 2) ow = maxpool2x2_row(xp, yp, ap, inW, oh, outW);
      for (; ow < outW; ow++) {
        let bestAt = oh * stride * inW + ow * stride;
        let best = ld(xp, bestAt);
        for (let ky = 0; ky < size; ky++) {
          const row = (oh * stride + ky) * inW + ow * stride;
          for (let kx = 0; kx < size; kx++) {
            const v = ld(xp, row + kx);
            if (v > best) {
              best = v;
              bestAt = row + kx;
            }
          }
        }
        const o = oh * outW + ow;
        st(yp, o, best);
        if (ap != 0) store<i32>(ap + ((<usize>o) << 2), bestAt);
      }
    }
  }
}

/**
 * Four 2×2/2 windows at a time: the candidates (top left, top right, bottom left, bottom right)
 * in the scalar loop's scan order, each replacing the best only where greater. Returns the
 * first output column it left to the scalar loop.
 */
function maxpool2x2_row(xp: usize, yp: usize, ap: usize, inW: i32, oh: i32, outW: i32): i32 {
  const top = 2 * oh * inW;
  const bottom = top + inW;
  const step = i32x4.splat(2);
  let at = i32x4(top, top + 2, top + 4, top + 6);
  let ow = 0;
  for (; ow + 4 <= outW; ow += 4) {
    const t0 = ldv(xp, top + 2 * ow);
    const t1 = ldv(xp, top + 2 * ow + 4);
    const b0 = ldv(xp, bottom + 2 * ow);
    const b1 = ldv(xp, bottom + 2 * ow + 4);
    const tl = v128.shuffle<f32>(t0, t1, 0, 2, 4, 6);
    const tr = v128.shuffle<f32>(t0, t1, 1, 3, 5, 7);
    const bl = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
    const br = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
    let best = tl;
    let idx = at;
    let m = f32x4.gt(tr, best);
    best = v128.bitselect(tr, best, m);
    idx = v128.bitselect(i32x4.add(at, i32x4.splat(1)), idx, m);
    m = f32x4.gt(bl, best);
    best = v128.bitselect(bl, best, m);
    idx = v128.bitselect(i32x4.add(at, i32x4.splat(inW)), idx, m);
    m = f32x4.gt(br, best);
    best = v128.bitselect(br, best, m);
    idx = v128.bitselect(i32x4.add(at, i32x4.splat(inW + 1)), idx, m);
    const o = oh * outW + ow;
    stv(yp, o, best);
    if (ap != 0) stv(ap, o, idx);
    at = i32x4.add(at, i32x4.shl(step, 2));
  }
  return ow;
}

/** dx = 0, then each output's gradient added to the input its argmax names, in output order. */
export function maxpool_backward(dy: usize, argmax: usize, dx: usize, inPlane: i32, outPlane: i32, begin: i32, end: i32): void {
  fill_zero(dx, begin * inPlane, end * inPlane);
  for (let plane = begin; plane < end; plane++) {
    const dxp = dx + ((<usize>(plane * inPlane)) << 2);
    for (let o = plane * outPlane, last = o + outPlane; o < last; o++) {
      const i = load<i32>(argmax + ((<usize>o) << 2));
      st(dxp, i, ld(dxp, i) + ld(dy, o));
    }
  }
}

/** y = each window's mean: its sum in scan order, divided by the window's area. */
export function avgpool_forward(
  x: usize,
  y: usize,
  inH: i32,
  inW: i32,
  winH: i32,
  winW: i32,
  strideH: i32,
  strideW: i32,
  outH: i32,
  outW: i32,
  begin: i32,
  end: i32,
): void {
  const area = <f32>(winH * winW);
  for (let plane = begin; plane < end; plane++) {
    const xp = x + ((<usize>(plane * inH * inW)) << 2);
    const yp = y + ((<usize>(plane * outH * outW)) << 2);
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let sum: f32 = 0;
        for (let ky = 0; ky < winH; ky++) {
          const row = (oh * strideH + ky) * inW + ow * strideW;
          for (let kx = 0; kx < winW; kx++) sum += ld(xp, row + kx);
        }
        st(yp, oh * outW + ow, sum / area);
      }
    }
  }
}

/** dx = 0, then each output's gradient divided by the area added over its window, in output order. */
export function avgpool_backward(
  dy: usize,
  dx: usize,
  inH: i32,
  inW: i32,
  winH: i32,
  winW: i32,
  strideH: i32,
  strideW: i32,
  outH: i32,
  outW: i32,
  begin: i32,
  end: i32,
): void {
  const area = <f32>(winH * winW);
  fill_zero(dx, begin * inH * inW, end * inH * inW);
  for (let plane = begin; plane < end; plane++) {
    const dxp = dx + ((<usize>(plane * inH * inW)) << 2);
    const dyp = dy + ((<usize>(plane * outH * outW)) << 2);
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const g = ld(dyp, oh * outW + ow) / area;
        for (let ky = 0; ky < winH; ky++) {
          const row = (oh * strideH + ky) * inW + ow * strideW;
          for (let kx = 0; kx < winW; kx++) st(dxp, row + kx, ld(dxp, row + kx) + g);
        }
      }
    }
  }
}

/** y[plane] = the mean of the plane's `area` inputs: four running sums, then the tail. */
export function globalavgpool_forward(x: usize, y: usize, area: i32, begin: i32, end: i32): void {
  for (let plane = begin; plane < end; plane++) {
    const base = plane * area;
    let acc = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= area; i += 4) acc = f32x4.add(acc, v128.load(x + ((<usize>(base + i)) << 2)));
    let sum: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; i < area; i++) sum += ld(x, base + i);
    st(y, plane, sum / <f32>area);
  }
}

/** dx[plane] = dy[plane] / area everywhere in the plane. */
export function globalavgpool_backward(dy: usize, dx: usize, area: i32, begin: i32, end: i32): void {
  for (let plane = begin; plane < end; plane++) {
    const g = ld(dy, plane) / <f32>area;
    const gv = f32x4.splat(g);
    const base = plane * area;
    let i = 0;
    // Planes need not start on a v128 boundary: unaligned stores are allowed, only slower.
    for (; i + 4 <= area; i += 4) v128.store(dx + ((<usize>(base + i)) << 2), gv);
    for (; i < area; i++) st(dx, base + i, g);
  }
}

function fill_zero(p: usize, begin: i32, end: i32): void {
  memory.fill(p + ((<usize>begin) << 2), 0, (<usize>(end - begin)) << 2);
}
