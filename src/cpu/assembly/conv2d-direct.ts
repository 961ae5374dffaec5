// Direct convolution at stride 1, for layers with few input channels (a first conv reads one):
// there im2col copies every pixel k·k times to feed a GEMM whose K (inC·k·k = 9 for a 3×3 over
// one channel) is too short for its register tile to pay. Here each image is copied once into a
// zero border (xpad: [inC, outH + k − 1, outW + k − 1], so no tap needs a bounds test), kept for
// the filter gradient as the patches are, and every output row is swept by f32x4 vectors of
// output pixels, each tap's weight broadcast.
//
// Bits: y[o, p] starts at its bias (or 0) and adds w·x tap by tap in (c, kh, kw) order, a
// rounded multiply then a rounded add (no fma), in whichever vector or scalar lane the pixel
// falls; the split over images never changes it. dw[o, c, kh, kw] sums dy·x over images, rows
// and columns in one fixed order (lanes by column position, then a fixed reduction), split over
// output channels.
import { activate } from './activation';
import { actv, madd } from './gemm-tile';

function bytes(n: i32): usize {
  return (<usize>n) << 2;
}

/** One image's channels inside a zero border: row r, column j of xp is x[r − padTop, j − padLeft] or 0. */
function pad(x: usize, xp: usize, inC: i32, inH: i32, inW: i32, Hp: i32, Wp: i32, padTop: i32, padLeft: i32): void {
  for (let c = 0; c < inC; c++) {
    const src = x + bytes(c * inH * inW);
    const dst = xp + bytes(c * Hp * Wp);
    for (let r = 0; r < Hp; r++) {
      const ih = r - padTop;
      const row = dst + bytes(r * Wp);
      const inside = ih >= 0 && ih < inH;
      for (let j = 0; j < Wp; j++) {
        const iw = j - padLeft;
        store<f32>(row + bytes(j), inside && iw >= 0 && iw < inW ? load<f32>(src + bytes(ih * inW + iw)) : 0);
      }
    }
  }
}

/** Taps of one output channel on 16 pixels of a row: xr the padded image at the row, wo the channel's filter. */
function taps1x16(xr: usize, wo: usize, inC: i32, k: i32, Hp: i32, Wp: i32, yr: usize, bv: v128, act: i32): void {
  let a0 = bv;
  let a1 = bv;
  let a2 = bv;
  let a3 = bv;
  for (let c = 0; c < inC; c++) {
    for (let kh = 0; kh < k; kh++) {
      const src = xr + bytes((c * Hp + kh) * Wp);
      const wr = wo + bytes((c * k + kh) * k);
      for (let kw = 0; kw < k; kw++) {
        const wv = v128.load32_splat(wr + bytes(kw));
        const s = src + bytes(kw);
        a0 = madd(a0, wv, v128.load(s));
        a1 = madd(a1, wv, v128.load(s, 16));
        a2 = madd(a2, wv, v128.load(s, 32));
        a3 = madd(a3, wv, v128.load(s, 48));
      }
    }
  }
  v128.store(yr, actv(act, a0));
  v128.store(yr, actv(act, a1), 16);
  v128.store(yr, actv(act, a2), 32);
  v128.store(yr, actv(act, a3), 48);
}

/** Two output channels (filters wo and wo2, outputs yr and yr2) on 16 pixels: each x load feeds both. */
function taps2x16(xr: usize, wo: usize, wo2: usize, inC: i32, k: i32, Hp: i32, Wp: i32, yr: usize, yr2: usize, bv: v128, bv2: v128, act: i32): void {
  let a0 = bv;
  let a1 = bv;
  let a2 = bv;
  let a3 = bv;
  let b0 = bv2;
  let b1 = bv2;
  let b2 = bv2;
  let b3 = bv2;
  if (k == 3) {
    // The common filter, its three columns unrolled.
    for (let c = 0; c < inC; c++) {
      for (let kh = 0; kh < 3; kh++) {
        const src = xr + bytes((c * Hp + kh) * Wp);
        const t = bytes((c * 3 + kh) * 3);
        let wv = v128.load32_splat(wo + t);
        let wv2 = v128.load32_splat(wo2 + t);
        let v = v128.load(src);
        a0 = madd(a0, wv, v);
        b0 = madd(b0, wv2, v);
        v = v128.load(src, 16);
        a1 = madd(a1, wv, v);
        b1 = madd(b1, wv2, v);
        v = v128.load(src, 32);
        a2 = madd(a2, wv, v);
        b2 = madd(b2, wv2, v);
        v = v128.load(src, 48);
        a3 = madd(a3, wv, v);
        b3 = madd(b3, wv2, v);
        wv = v128.load32_splat(wo + t, 4);
        wv2 = v128.load32_splat(wo2 + t, 4);
        v = v128.load(src, 4);
        a0 = madd(a0, wv, v);
        b0 = madd(b0, wv2, v);
        v = v128.load(src, 20);
        a1 = madd(a1, wv, v);
        b1 = madd(b1, wv2, v);
        v = v128.load(src, 36);
        a2 = madd(a2, wv, v);
        b2 = madd(b2, wv2, v);
        v = v128.load(src, 52);
        a3 = madd(a3, wv, v);
        b3 = madd(b3, wv2, v);
        wv = v128.load32_splat(wo + t, 8);
        wv2 = v128.load32_splat(wo2 + t, 8);
        v = v128.load(src, 8);
        a0 = madd(a0, wv, v);
        b0 = madd(b0, wv2, v);
        v = v128.load(src, 24);
        a1 = madd(a1, wv, v);
        b1 = madd(b1, wv2, v);
        v = v128.load(src, 40);
        a2 = madd(a2, wv, v);
        b2 = madd(b2, wv2, v);
        v = v128.load(src, 56);
        a3 = madd(a3, wv, v);
        b3 = madd(b3, wv2, v);
      }
    }
  } else {
    taps2x16Any(xr, wo, wo2, inC, k, Hp, Wp, yr, yr2, bv, bv2, act);
    return;
  }
  v128.store(yr, actv(act, a0));
  v128.store(yr, actv(act, a1), 16);
  v128.store(yr, actv(act, a2), 32);
  v128.store(yr, actv(act, a3), 48);
  v128.store(yr2, actv(act, b0));
  v128.store(yr2, actv(act, b1), 16);
  v128.store(yr2, actv(act, b2), 32);
  v128.store(yr2, actv(act, b3), 48);
}

/** taps2x16 for any filter size. */
function taps2x16Any(xr: usize, wo: usize, wo2: usize, inC: i32, k: i32, Hp: i32, Wp: i32, yr: usize, yr2: usize, bv: v128, bv2: v128, act: i32): void {
  let a0 = bv;
  let a1 = bv;
  let a2 = bv;
  let a3 = bv;
  let b0 = bv2;
  let b1 = bv2;
  let b2 = bv2;
  let b3 = bv2;
  for (let c = 0; c < inC; c++) {
    for (let kh = 0; kh < k; kh++) {
      const src = xr + bytes((c * Hp + kh) * Wp);
      const t = bytes((c * k + kh) * k);
      for (let kw = 0; kw < k; kw++) {
        const wv = v128.load32_splat(wo + t + bytes(kw));
        const wv2 = v128.load32_splat(wo2 + t + bytes(kw));
        const s = src + bytes(kw);
        let v = v128.load(s);
        a0 = madd(a0, wv, v);
        b0 = madd(b0, wv2, v);
        v = v128.load(s, 16);
        a1 = madd(a1, wv, v);
        b1 = madd(b1, wv2, v);
        v = v128.load(s, 32);
        a2 = madd(a2, wv, v);
        b2 = madd(b2, wv2, v);
        v = v128.load(s, 48);
        a3 = madd(a3, wv, v);
        b3 = madd(b3, wv2, v);
      }
    }
  }
  v128.store(yr, actv(act, a0));
  v128.store(yr, actv(act, a1), 16);
  v128.store(yr, actv(act, a2), 32);
  v128.store(yr, actv(act, a3), 48);
  v128.store(yr2, actv(act, b0));
  v128.store(yr2, actv(act, b1), 16);
  v128.store(yr2, actv(act, b2), 32);
  v128.store(yr2, actv(act, b3), 48);
}

/** One output channel on 4 pixels of a row, any filter size. */
function taps1x4(xr: usize, wo: usize, inC: i32, k: i32, Hp: i32, Wp: i32, yr: usize, bv: v128, act: i32): void {
  let a0 = bv;
  for (let c = 0; c < inC; c++) {
    for (let kh = 0; kh < k; kh++) {
      const src = xr + bytes((c * Hp + kh) * Wp);
      const wr = wo + bytes((c * k + kh) * k);
      for (let kw = 0; kw < k; kw++) a0 = madd(a0, v128.load32_splat(wr + bytes(kw)), v128.load(src + bytes(kw)));
    }
  }
  v128.store(yr, actv(act, a0));
}

/**
 * One output channel on the pixels [from, outW) of a row, four at a time; a ragged end is the
 * row's last four pixels again (the same operations per pixel, so the same bits stored twice).
 * A row narrower than four is summed one pixel at a time.
 */
function tapsTail(xr: usize, wo: usize, inC: i32, k: i32, Hp: i32, Wp: i32, yr: usize, from: i32, outW: i32, b0: f32, act: i32): void {
  const bv = f32x4.splat(b0);
  let ow = from;
  for (; ow + 4 <= outW; ow += 4) taps1x4(xr + bytes(ow), wo, inC, k, Hp, Wp, yr + bytes(ow), bv, act);
  if (ow == outW) return;
  if (outW >= 4) {
    taps1x4(xr + bytes(outW - 4), wo, inC, k, Hp, Wp, yr + bytes(outW - 4), bv, act);
    return;
  }
  for (; ow < outW; ow++) {
    let a: f32 = b0;
    for (let c = 0; c < inC; c++) {
      for (let kh = 0; kh < k; kh++) {
        const src = xr + bytes((c * Hp + kh) * Wp + ow);
        const wr = wo + bytes((c * k + kh) * k);
        for (let kw = 0; kw < k; kw++) a = a + load<f32>(wr + bytes(kw)) * load<f32>(src + bytes(kw));
      }
    }
    store<f32>(yr + bytes(ow), activate(act, a));
  }
}

/**
 * y = act(conv(x, w) + bias) at stride 1 for images [begin, end): x [batch, inC, inH, inW],
 * w [outC, inC, k, k], bias outC floats or 0, y [batch, outC, outH, outW]. xpad: inC·(outH + k − 1)·
 * (outW + k − 1) floats a slot; grain 0 keeps every image's (slot b, for the filter gradient),
 * otherwise a range's images share slot begin / grain.
 */
export function conv2d_direct_forward(
  x: usize,
  w: usize,
  bias: usize,
  y: usize,
  xpad: usize,
  grain: i32,
  inC: i32,
  inH: i32,
  inW: i32,
  outC: i32,
  k: i32,
  padTop: i32,
  padLeft: i32,
  outH: i32,
  outW: i32,
  act: i32,
  begin: i32,
  end: i32,
): void {
  const Hp = outH + k - 1;
  const Wp = outW + k - 1;
  const P = outH * outW;
  const ckk = inC * k * k;
  const wide = outW & ~15;
  for (let b = begin; b < end; b++) {
    const xp = xpad + bytes((grain ? begin / grain : b) * inC * Hp * Wp);
    pad(x + bytes(b * inC * inH * inW), xp, inC, inH, inW, Hp, Wp, padTop, padLeft);
    const yb = y + bytes(b * outC * P);
    let o = 0;
    for (; o + 2 <= outC; o += 2) {
      const wo = w + bytes(o * ckk);
      const b0: f32 = bias ? load<f32>(bias + bytes(o)) : 0;
      const b1: f32 = bias ? load<f32>(bias + bytes(o + 1)) : 0;
      for (let oh = 0; oh < outH; oh++) {
        const yr = yb + bytes(o * P + oh * outW);
        const xr = xp + bytes(oh * Wp);
        for (let ow = 0; ow < wide; ow += 16) {
          taps2x16(xr + bytes(ow), wo, wo + bytes(ckk), inC, k, Hp, Wp, yr + bytes(ow), yr + bytes(P + ow), f32x4.splat(b0), f32x4.splat(b1), act);
        }
        tapsTail(xr, wo, inC, k, Hp, Wp, yr, wide, outW, b0, act);
        tapsTail(xr, wo + bytes(ckk), inC, k, Hp, Wp, yr + bytes(P), wide, outW, b1, act);
      }
    }
    for (; o < outC; o++) {
      const wo = w + bytes(o * ckk);
      const b0: f32 = bias ? load<f32>(bias + bytes(o)) : 0;
      for (let oh = 0; oh < outH; oh++) {
        const yr = yb + bytes(o * P + oh * outW);
        const xr = xp + bytes(oh * Wp);
        for (let ow = 0; ow < wide; ow += 16) taps1x16(xr + bytes(ow), wo, inC, k, Hp, Wp, yr + bytes(ow), f32x4.splat(b0), act);
        tapsTail(xr, wo, inC, k, Hp, Wp, yr, wide, outW, b0, act);
      }
    }
  }
}

/** The lanes of v summed in a fixed order, plus the scalar tail's sum. */
function lanes(v: v128, tail: f32): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3)) + tail;
}

/** One tap's gradient, Σ over images, rows and columns of dy·x: any k. */
function tapGrad(d0: usize, x0: usize, dImage: usize, xImage: usize, batch: i32, outH: i32, outW: i32, Wp: i32): f32 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let s: f32 = 0;
  for (let b = 0; b < batch; b++) {
    const d = d0 + <usize>b * dImage;
    const xs = x0 + <usize>b * xImage;
    for (let oh = 0; oh < outH; oh++) {
      const dr = d + bytes(oh * outW);
      const xr = xs + bytes(oh * Wp);
      let ow = 0;
      for (; ow + 8 <= outW; ow += 8) {
        a0 = madd(a0, v128.load(dr + bytes(ow)), v128.load(xr + bytes(ow)));
        a1 = madd(a1, v128.load(dr + bytes(ow), 16), v128.load(xr + bytes(ow), 16));
      }
      for (; ow + 4 <= outW; ow += 4) a0 = madd(a0, v128.load(dr + bytes(ow)), v128.load(xr + bytes(ow)));
      for (; ow < outW; ow++) s = s + load<f32>(dr + bytes(ow)) * load<f32>(xr + bytes(ow));
    }
  }
  return lanes(f32x4.add(a0, a1), s);
}

/** A 3×3 filter's nine taps in one sweep: each dy vector loaded once for all nine. */
function taps3x3Grad(d0: usize, x0: usize, dImage: usize, xImage: usize, batch: i32, outH: i32, outW: i32, Wp: i32, dw: usize): void {
  let g0 = f32x4.splat(0);
  let g1 = g0;
  let g2 = g0;
  let g3 = g0;
  let g4 = g0;
  let g5 = g0;
  let g6 = g0;
  let g7 = g0;
  let g8 = g0;
  const wide = outW & ~3;
  const row: usize = bytes(Wp);
  for (let b = 0; b < batch; b++) {
    const d = d0 + <usize>b * dImage;
    const xs = x0 + <usize>b * xImage;
    for (let oh = 0; oh < outH; oh++) {
      const dr = d + bytes(oh * outW);
      const xr = xs + bytes(oh * Wp);
      for (let ow = 0; ow < wide; ow += 4) {
        const v = v128.load(dr + bytes(ow));
        const p = xr + bytes(ow);
        g0 = madd(g0, v, v128.load(p));
        g1 = madd(g1, v, v128.load(p, 4));
        g2 = madd(g2, v, v128.load(p, 8));
        g3 = madd(g3, v, v128.load(p + row));
        g4 = madd(g4, v, v128.load(p + row, 4));
        g5 = madd(g5, v, v128.load(p + row, 8));
        g6 = madd(g6, v, v128.load(p + 2 * row));
        g7 = madd(g7, v, v128.load(p + 2 * row, 4));
        g8 = madd(g8, v, v128.load(p + 2 * row, 8));
      }
    }
  }
  // The columns past the last whole vector, a scalar sum per tap in the same image, row order.
  for (let t = 0; t < 9; t++) {
    let s: f32 = 0;
    const off = bytes((t / 3) * Wp + (t % 3));
    for (let b = 0; b < batch; b++) {
      for (let oh = 0; oh < outH; oh++) {
        const dr = d0 + <usize>b * dImage + bytes(oh * outW);
        const xr = x0 + <usize>b * xImage + bytes(oh * Wp) + off;
        for (let ow = wide; ow < outW; ow++) s = s + load<f32>(dr + bytes(ow)) * load<f32>(xr + bytes(ow));
      }
    }
    const g = t == 0 ? g0 : t == 1 ? g1 : t == 2 ? g2 : t == 3 ? g3 : t == 4 ? g4 : t == 5 ? g5 : t == 6 ? g6 : t == 7 ? g7 : g8;
    store<f32>(dw + bytes(t), lanes(g, s));
  }
}

/**
 * dw [outC, inC, k, k] = Σ over images in order of dy_b ⋆ xpad_b, for output channels [begin, end):
 * dy [batch, outC, outH, outW] w.r.t. the pre-activation; xpad: conv2d_direct_forward's, every
 * image's (a training plan's grain 0).
 */
export function conv2d_direct_filter_grad(
  dy: usize,
  xpad: usize,
  dw: usize,
  batch: i32,
  inC: i32,
  outC: i32,
  k: i32,
  outH: i32,
  outW: i32,
  begin: i32,
  end: i32,
): void {
  const Hp = outH + k - 1;
  const Wp = outW + k - 1;
  const P = outH * outW;
  const dImage = bytes(outC * P);
  const xImage = bytes(inC * Hp * Wp);
  for (let o = begin; o < end; o++) {
    for (let c = 0; c < inC; c++) {
      const d0 = dy + bytes(o * P);
      const x0 = xpad + bytes(c * Hp * Wp);
      const wc = dw + bytes((o * inC + c) * k * k);
      if (k == 3) {
        taps3x3Grad(d0, x0, dImage, xImage, batch, outH, outW, Wp, wc);
        continue;
      }
      for (let kh = 0; kh < k; kh++) {
        for (let kw = 0; kw < k; kw++) {
          store<f32>(wc + bytes(kh * k + kw), tapGrad(d0, x0 + bytes(kh * Wp + kw), dImage, xImage, batch, outH, outW, Wp));
        }
      }
    }
  }
}
