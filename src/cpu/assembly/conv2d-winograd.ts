// Winograd F(2×2, 3×3) for the forward pass of 3×3 stride-1 convolutions (Lavin & Gray 2015):
// each 2×2 block of outputs (a "tile") comes from a 4×4 block of input through 16 products per
// input channel instead of 36. With U = G·g·Gᵀ (each filter, once a step) and V = Bᵀ·d·B (each
// input tile), the 16 sums M[ξ] = Σ_c U[ξ][o][c]·V[ξ][c][t] are 16 GEMMs over the channels
// (./gemm.ts), and y = act(Aᵀ·M·A + bias).
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1].
// The transforms take four tiles of a tile row at once (one f32x4 lane a tile), the ragged end
// of a row one tile at a time with the same f32 operations in the same order, so a tile's bits
// do not depend on its path. Images are split over ranges; a range transforms `chunk` images at
// a time so that one GEMM covers several images' tiles (the GEMM's bits do not depend on N).
// Rounding: the transforms add and subtract before the products, so the result is not bit-equal
// to the direct sum; docs/CPU-ENGINE.md states the bound the tests hold it to.
import { activate } from './activation';
import { gemm } from './gemm';
import { actv } from './gemm-tile';

function bytes(n: i32): usize {
  return (<usize>n) << 2;
}

/**
 * G·g·Gᵀ of one 3×3 filter g (its taps 0…8 in row order, or 8…0 when `flipped`: the filter turned
 * 180°) into q + ξ·step, ξ = 4i + j: G·g by columns into rows i, then each row times Gᵀ in place.
 */
function transformFilter(g: usize, flipped: bool, q: usize, step: usize): void {
  for (let j = 0; j < 3; j++) {
    const g0 = load<f32>(g + bytes(flipped ? 8 - j : j));
    const g1 = load<f32>(g + bytes(flipped ? 5 - j : 3 + j));
    const g2 = load<f32>(g + bytes(flipped ? 2 - j : 6 + j));
    store<f32>(q + <usize>j * step, g0);
    store<f32>(q + <usize>(4 + j) * step, (g0 + g1 + g2) * 0.5);
    store<f32>(q + <usize>(8 + j) * step, (g0 - g1 + g2) * 0.5);
    store<f32>(q + <usize>(12 + j) * step, g2);
  }
  for (let i = 0; i < 4; i++) {
    const r = q + <usize>(4 * i) * step;
    const a0 = load<f32>(r);
    const a1 = load<f32>(r + step);
    const a2 = load<f32>(r + 2 * step);
    store<f32>(r + step, (a0 + a1 + a2) * 0.5);
    store<f32>(r + 2 * step, (a0 - a1 + a2) * 0.5);
    store<f32>(r + 3 * step, a2);
  }
}

/** U [16, outC, inC] = G·g·Gᵀ of each 3×3 filter of w [outC, inC, 3, 3], for output channels [begin, end). */
export function conv2d_winograd_filter(w: usize, u: usize, inC: i32, outC: i32, begin: i32, end: i32): void {
  const step = bytes(outC * inC);
  for (let o = begin; o < end; o++) {
    for (let c = 0; c < inC; c++) transformFilter(w + bytes((o * inC + c) * 9), false, u + bytes(o * inC + c), step);
  }
}

/**
 * U [16, inC, outC] for the input gradient, for input channels [begin, end): the filters of the
 * convolution that takes dy [outC, …] to dx [inC, …] at stride 1, each of w's turned 180° with
 * its channels swapped, so dx = conv2d_winograd_forward(dy) with padding 2 − pad.
 */
export function conv2d_winograd_filter_t(w: usize, u: usize, inC: i32, outC: i32, begin: i32, end: i32): void {
  const step = bytes(inC * outC);
  for (let c = begin; c < end; c++) {
    for (let o = 0; o < outC; o++) transformFilter(w + bytes((o * inC + c) * 9), true, u + bytes(c * outC + o), step);
  }
}

/** One image's channels inside a zero border: xp [inC, Hp, Wp], row r column j = x[r − padTop, j − padLeft] or 0. */
function pad(x: usize, xp: usize, inC: i32, inH: i32, inW: i32, Hp: i32, Wp: i32, padTop: i32, padLeft: i32): void {
  const zero = f32x4.splat(0);
  const n = inC * Hp * Wp;
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(xp + bytes(i), zero);
  for (; i < n; i++) store<f32>(xp + bytes(i), 0);
  // The image's columns that land inside the padded row (a 'valid' map may leave some out).
  const w = min(inW, Wp - padLeft);
  for (let c = 0; c < inC; c++) {
    for (let ih = 0; ih < inH; ih++) {
      const r = ih + padTop;
      if (r >= Hp) break;
      const src = x + bytes((c * inH + ih) * inW);
      const dst = xp + bytes((c * Hp + r) * Wp + padLeft);
      let j = 0;
      for (; j + 4 <= w; j += 4) v128.store(dst + bytes(j), v128.load(src + bytes(j)));
      for (; j < w; j++) store<f32>(dst + bytes(j), load<f32>(src + bytes(j)));
    }
  }
}

/** Column j (0…3) of four tiles' rows: lane l is the pixel 2l + j of the row at p. */
function columnOf(p: usize, j: i32): v128 {
  const at = p + bytes(j & 2);
  const lo = v128.load(at);
  const hi = v128.load(at, 16);
  return j & 1 ? v128.shuffle<f32>(lo, hi, 1, 3, 5, 7) : v128.shuffle<f32>(lo, hi, 0, 2, 4, 6);
}

/** Column j of d·B for four tiles' row at p (lanes: tiles): d0 − d2, d1 + d2, d2 − d1, d1 − d3. */
function rowGroup(p: usize, j: i32): v128 {
  if (j == 0) return f32x4.sub(columnOf(p, 0), columnOf(p, 2));
  if (j == 1) return f32x4.add(columnOf(p, 1), columnOf(p, 2));
  if (j == 2) return f32x4.sub(columnOf(p, 2), columnOf(p, 1));
  return f32x4.sub(columnOf(p, 1), columnOf(p, 3));
}

/** rowGroup for one tile, in scalars. */
function rowTile(p: usize, j: i32): f32 {
  const d1 = load<f32>(p, 4);
  const d2 = load<f32>(p, 8);
  if (j == 0) return load<f32>(p) - d2;
  if (j == 1) return d1 + d2;
  if (j == 2) return d2 - d1;
  return d1 - load<f32>(p, 12);
}

/**
 * V = Bᵀ·(d·B) of four tiles side by side (p: the first tile's top-left pixel in the padded
 * image), into v[ξ·vs + 0…3], ξ = 4i + j (vs: bytes between V's ξ planes): column j of d·B for
 * the four rows, then Bᵀ down it, in registers.
 */
function inputGroup(p: usize, row: usize, v: usize, vs: usize): void {
  for (let j = 0; j < 4; j++) {
    const e0 = rowGroup(p, j);
    const e1 = rowGroup(p + row, j);
    const e2 = rowGroup(p + 2 * row, j);
    const e3 = rowGroup(p + 3 * row, j);
    v128.store(v + <usize>j * vs, f32x4.sub(e0, e2));
    v128.store(v + <usize>(4 + j) * vs, f32x4.add(e1, e2));
    v128.store(v + <usize>(8 + j) * vs, f32x4.sub(e2, e1));
    v128.store(v + <usize>(12 + j) * vs, f32x4.sub(e1, e3));
  }
}

/** inputGroup for one tile, in scalars. */
function inputTile(p: usize, row: usize, v: usize, vs: usize): void {
  for (let j = 0; j < 4; j++) {
    const e0 = rowTile(p, j);
    const e1 = rowTile(p + row, j);
    const e2 = rowTile(p + 2 * row, j);
    const e3 = rowTile(p + 3 * row, j);
    store<f32>(v + <usize>j * vs, e0 - e2);
    store<f32>(v + <usize>(4 + j) * vs, e1 + e2);
    store<f32>(v + <usize>(8 + j) * vs, e2 - e1);
    store<f32>(v + <usize>(12 + j) * vs, e1 - e3);
  }
}

/** One image's V into columns [col, col + T) of v [16, inC, N]. */
function inputTransform(xp: usize, v: usize, inC: i32, tH: i32, tW: i32, Hp: i32, Wp: i32, N: i32, col: i32): void {
  const vs = bytes(inC * N);
  const row = bytes(Wp);
  for (let c = 0; c < inC; c++) {
    for (let th = 0; th < tH; th++) {
      const p = xp + bytes((c * Hp + 2 * th) * Wp);
      const q = v + bytes(c * N + col + th * tW);
      let tw = 0;
      for (; tw + 4 <= tW; tw += 4) inputGroup(p + bytes(2 * tw), row, q + bytes(tw), vs);
      // A ragged end: the row's last four tiles again (the same operations, the same bits stored twice).
      if (tw < tW && tW >= 4) inputGroup(p + bytes(2 * (tW - 4)), row, q + bytes(tW - 4), vs);
      else for (; tw < tW; tw++) inputTile(p + bytes(2 * tw), row, q + bytes(tw), vs);
    }
  }
}

/** Aᵀ·m·A + bias of four tiles (lanes): rows 0 and 1 of the 2×2 outputs, columns interleaved. */
function outputGroup(m: usize, ms: usize, bv: v128, act: i32, y0: usize, y1: usize, cols: i32, rows: i32): void {
  // Aᵀ·m: s0 = m0 + m1 + m2, s1 = m1 − m2 − m3 down each column j, then the same along the rows.
  let s00 = f32x4.splat(0);
  let s01 = s00;
  let s02 = s00;
  let s03 = s00;
  let s10 = s00;
  let s11 = s00;
  let s12 = s00;
  let s13 = s00;
  for (let j = 0; j < 4; j++) {
    const m0 = v128.load(m + <usize>j * ms);
    const m1 = v128.load(m + <usize>(4 + j) * ms);
    const m2 = v128.load(m + <usize>(8 + j) * ms);
    const m3 = v128.load(m + <usize>(12 + j) * ms);
    const a = f32x4.add(f32x4.add(m0, m1), m2);
    const b = f32x4.sub(f32x4.sub(m1, m2), m3);
    if (j == 0) {
      s00 = a;
      s10 = b;
    } else if (j == 1) {
      s01 = a;
      s11 = b;
    } else if (j == 2) {
      s02 = a;
      s12 = b;
    } else {
      s03 = a;
      s13 = b;
    }
  }
  const r00 = actv(act, f32x4.add(f32x4.add(f32x4.add(s00, s01), s02), bv));
  const r01 = actv(act, f32x4.add(f32x4.sub(f32x4.sub(s01, s02), s03), bv));
  const r10 = actv(act, f32x4.add(f32x4.add(f32x4.add(s10, s11), s12), bv));
  const r11 = actv(act, f32x4.add(f32x4.sub(f32x4.sub(s11, s12), s13), bv));
  storeRow(y0, v128.shuffle<f32>(r00, r01, 0, 4, 1, 5), v128.shuffle<f32>(r00, r01, 2, 6, 3, 7), cols);
  if (rows == 2) storeRow(y1, v128.shuffle<f32>(r10, r11, 0, 4, 1, 5), v128.shuffle<f32>(r10, r11, 2, 6, 3, 7), cols);
}

/** Eight outputs of a row (lo, hi), the first `cols` of them stored: the rest fall past the map's edge. */
function storeRow(y: usize, lo: v128, hi: v128, cols: i32): void {
  if (cols >= 8) {
    v128.store(y, lo);
    v128.store(y, hi, 16);
    return;
  }
  v128.store(y, lo);
  if (cols > 4) store<f32>(y, f32x4.extract_lane(hi, 0), 16);
  if (cols > 5) store<f32>(y, f32x4.extract_lane(hi, 1), 20);
  if (cols > 6) store<f32>(y, f32x4.extract_lane(hi, 2), 24);
}

/** outputGroup for one tile in scalars, its outputs past the map's edge (rows, columns) left out. */
function outputTile(m: usize, ms: usize, b0: f32, act: i32, y0: usize, outW: i32, ow: i32, rows: i32): void {
  let s00: f32 = 0;
  let s01: f32 = 0;
  let s02: f32 = 0;
  let s03: f32 = 0;
  let s10: f32 = 0;
  let s11: f32 = 0;
  let s12: f32 = 0;
  let s13: f32 = 0;
  for (let j = 0; j < 4; j++) {
    const m0 = load<f32>(m + <usize>j * ms);
    const m1 = load<f32>(m + <usize>(4 + j) * ms);
    const m2 = load<f32>(m + <usize>(8 + j) * ms);
    const m3 = load<f32>(m + <usize>(12 + j) * ms);
    const a = m0 + m1 + m2;
    const b = m1 - m2 - m3;
    if (j == 0) {
      s00 = a;
      s10 = b;
    } else if (j == 1) {
      s01 = a;
      s11 = b;
    } else if (j == 2) {
      s02 = a;
      s12 = b;
    } else {
      s03 = a;
      s13 = b;
    }
  }
  const two = ow + 1 < outW;
  store<f32>(y0, activate(act, s00 + s01 + s02 + b0));
  if (two) store<f32>(y0, activate(act, s01 - s02 - s03 + b0), 4);
  if (rows < 2) return;
  const y1 = y0 + bytes(outW);
  store<f32>(y1, activate(act, s10 + s11 + s12 + b0));
  if (two) store<f32>(y1, activate(act, s11 - s12 - s13 + b0), 4);
}

/** One image's y [outC, outH, outW] from columns [col, col + T) of m [16, outC, N]. */
function outputTransform(m: usize, y: usize, bias: usize, act: i32, outC: i32, tH: i32, tW: i32, outH: i32, outW: i32, N: i32, col: i32): void {
  const ms = bytes(outC * N);
  for (let o = 0; o < outC; o++) {
    const b0: f32 = bias ? load<f32>(bias + bytes(o)) : 0;
    const bv = f32x4.splat(b0);
    const yo = y + bytes(o * outH * outW);
    for (let th = 0; th < tH; th++) {
      const q = m + bytes(o * N + col + th * tW);
      const oh = 2 * th;
      const rows = min(2, outH - oh);
      const y0 = yo + bytes(oh * outW);
      let tw = 0;
      // A group whose last columns fall past the map still has its first four inside (2·tW ≤ outW + 1).
      for (; tw + 4 <= tW; tw += 4) outputGroup(q + bytes(tw), ms, bv, act, y0 + bytes(2 * tw), y0 + bytes(outW + 2 * tw), outW - 2 * tw, rows);
      if (tw < tW && tW >= 4) {
        const t = tW - 4;
        outputGroup(q + bytes(t), ms, bv, act, y0 + bytes(2 * t), y0 + bytes(outW + 2 * t), outW - 2 * t, rows);
      } else for (; tw < tW; tw++) outputTile(q + bytes(tw), ms, b0, act, y0 + bytes(2 * tw), outW, 2 * tw, rows);
    }
  }
}

/** Floats of one scratch slot: a padded image, then V and M for `chunk` images. */
export function winogradSlotFloats(inC: i32, outC: i32, outH: i32, outW: i32, chunk: i32): i32 {
  const tH = (outH + 1) >> 1;
  const tW = (outW + 1) >> 1;
  return inC * (2 * tH + 2) * (2 * tW + 2) + 16 * (inC + outC) * chunk * tH * tW;
}

/**
 * y = act(conv(x, w) + bias) for a 3×3 filter at stride 1, images [begin, end), from
 * u = conv2d_winograd_filter(w). Ranges are whole multiples of grain and a range works in slot
 * begin / grain of scratch (winogradSlotFloats each), `chunk` (≤ grain) images at a time.
 */
export function conv2d_winograd_forward(
  x: usize,
  u: usize,
  bias: usize,
  y: usize,
  scratch: usize,
  chunk: i32,
  grain: i32,
  inC: i32,
  inH: i32,
  inW: i32,
  outC: i32,
  padTop: i32,
  padLeft: i32,
  outH: i32,
  outW: i32,
  act: i32,
  begin: i32,
  end: i32,
): void {
  const tH = (outH + 1) >> 1;
  const tW = (outW + 1) >> 1;
  const T = tH * tW;
  const Hp = 2 * tH + 2;
  const Wp = 2 * tW + 2;
  const xp = scratch + bytes((begin / grain) * winogradSlotFloats(inC, outC, outH, outW, chunk));
  const v = xp + bytes(inC * Hp * Wp);
  for (let b0 = begin; b0 < end; b0 += chunk) {
    const G = min(chunk, end - b0);
    const N = G * T;
    const m = v + bytes(16 * inC * N);
    for (let g = 0; g < G; g++) {
      pad(x + bytes((b0 + g) * inC * inH * inW), xp, inC, inH, inW, Hp, Wp, padTop, padLeft);
      inputTransform(xp, v, inC, tH, tW, Hp, Wp, N, g * T);
    }
    for (let xi = 0; xi < 16; xi++) {
      gemm(0, 0, outC, N, inC, u + bytes(xi * outC * inC), v + bytes(xi * inC * N), m + bytes(xi * outC * N), 0, 0, 0, 0, outC);
    }
    for (let g = 0; g < G; g++) {
      outputTransform(m, y + bytes((b0 + g) * outC * outH * outW), bias, act, outC, tH, tW, outH, outW, N, g * T);
    }
  }
}
