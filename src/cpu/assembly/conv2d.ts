// Convolution by im2col and the GEMM (./gemm.ts): per image, its patches become the columns of a
// [inC·k·k, outH·outW] matrix (./im2col.ts), kept for the backward pass in the layer's scratch
// (one such matrix per image of the batch), and y = W·cols, W seen as [outC, inC·k·k]. A 1×1
// filter at stride 1 reads the image itself: its patches are the image. The filter gradient is
// dW = Σ over images in order of dy·colsᵀ, split over output channels, on the patches transposed
// first (conv2d_patches_t): the gemm's tile for B stored [K, N] loads rows where the [N, K] one
// must shuffle.
// The input gradient is col2im(Wᵀ·dy) per image, written into the forward's scratch (its columns
// are spent by then).
import { col2im, im2col } from './im2col';
import { gemm } from './gemm';
import { transpose } from './transpose';

function bytes(n: i32): usize {
  return (<usize>n) << 2;
}

/** Whether the patches are the image itself (1×1, stride 1: never padded). */
function patchesAreImage(k: i32, stride: i32): bool {
  return k == 1 && stride == 1;
}

/**
 * y = act(conv(x, w) + bias) for images [begin, end): x [batch, inC, inH, inW], w [outC, inC, k, k],
 * bias outC floats or 0, y [batch, outC, outH, outW]. cols: inC·k·k·outH·outW floats a slot;
 * grain 0 keeps every image's patches (slot b, for the backward); otherwise the ranges are whole
 * multiples of grain and a range's images share slot begin / grain, one per range.
 */
export function conv2d_forward(
  x: usize,
  w: usize,
  bias: usize,
  y: usize,
  cols: usize,
  grain: i32,
  inC: i32,
  inH: i32,
  inW: i32,
  outC: i32,
  k: i32,
  stride: i32,
  padTop: i32,
  padLeft: i32,
  outH: i32,
  outW: i32,
  act: i32,
  begin: i32,
  end: i32,
): void {
  const P = outH * outW;
  const ckk = inC * k * k;
  for (let b = begin; b < end; b++) {
    const xb = x + bytes(b * inC * inH * inW);
    const yb = y + bytes(b * outC * P);
    let cb = xb;
    if (!patchesAreImage(k, stride)) {
      cb = cols + bytes((grain ? begin / grain : b) * ckk * P);
      im2col(xb, cb, inC, inH, inW, k, stride, padTop, padLeft, outH, outW);
    }
    // The gemm's bias runs along a row; a channel's bias fills its row of y, then the gemm adds to it.
    if (bias) {
      for (let o = 0; o < outC; o++) {
        const v = v128.load32_splat(bias + bytes(o));
        const row = yb + bytes(o * P);
        let i = 0;
        for (; i + 4 <= P; i += 4) v128.store(row + bytes(i), v);
        for (; i < P; i++) store<f32>(row + bytes(i), load<f32>(bias + bytes(o)));
      }
    }
    gemm(0, 0, outC, P, ckk, w, cb, yb, 0, act, bias ? 1 : 0, 0, outC);
  }
}

/**
 * colsT slot b [P, ckk] = the patches of image b transposed, for images [begin, end): what
 * conv2d_patches_t makes of the forward's cols, for a layer whose forward took another algorithm
 * (./conv2d-winograd.ts) and kept none. Each image's patches are cut into its cols slot and
 * transposed at once, while they are still in cache.
 */
export function conv2d_image_patches_t(
  x: usize,
  cols: usize,
  colsT: usize,
  inC: i32,
  inH: i32,
  inW: i32,
  k: i32,
  stride: i32,
  padTop: i32,
  padLeft: i32,
  outH: i32,
  outW: i32,
  begin: i32,
  end: i32,
): void {
  const ckk = inC * k * k;
  const P = outH * outW;
  for (let b = begin; b < end; b++) {
    const at = bytes(b * ckk * P);
    im2col(x + bytes(b * inC * inH * inW), cols + at, inC, inH, inW, k, stride, padTop, padLeft, outH, outW);
    transpose(cols + at, colsT + at, ckk, P, 0, ckk);
  }
}

/** colsT [P, ckk] = patchesᵀ for images [begin, end): each image's ckk·P floats transposed. */
export function conv2d_patches_t(patches: usize, colsT: usize, ckk: i32, P: i32, begin: i32, end: i32): void {
  for (let b = begin; b < end; b++) {
    const at = bytes(b * ckk * P);
    transpose(patches + at, colsT + at, ckk, P, 0, ckk);
  }
}

/**
 * dw [outC, inC·k·k] = Σ over the batch's images, in order, of dy_b · colsT_b, for output
 * channels [begin, end). colsT: conv2d_patches_t's, ckk·P floats per image; dy [batch, outC, P]
 * w.r.t. the pre-activation output.
 */
export function conv2d_filter_grad(dy: usize, colsT: usize, dw: usize, batch: i32, outC: i32, ckk: i32, P: i32, begin: i32, end: i32): void {
  for (let b = 0; b < batch; b++) {
    gemm(0, 0, outC, ckk, P, dy + bytes(b * outC * P), colsT + bytes(b * ckk * P), dw, 0, 0, b > 0 ? 1 : 0, begin, end);
  }
}

/**
 * dx = col2im(Wᵀ·dy_b) for images [begin, end), ranges whole multiples of grain (≥ 1); dcols (the
 * forward's patch slots, spent by now) holds each image's Wᵀ·dy_b on the way, in slot begin / grain.
 */
export function conv2d_input_grad(
  dy: usize,
  w: usize,
  dx: usize,
  dcols: usize,
  grain: i32,
  inC: i32,
  inH: i32,
  inW: i32,
  outC: i32,
  k: i32,
  stride: i32,
  padTop: i32,
  padLeft: i32,
  outH: i32,
  outW: i32,
  begin: i32,
  end: i32,
): void {
  const P = outH * outW;
  const ckk = inC * k * k;
  for (let b = begin; b < end; b++) {
    const dyb = dy + bytes(b * outC * P);
    const dxb = dx + bytes(b * inC * inH * inW);
    if (patchesAreImage(k, stride)) {
      gemm(1, 0, ckk, P, outC, w, dyb, dxb, 0, 0, 0, 0, ckk);
      continue;
    }
    const cb = dcols + bytes((begin / grain) * ckk * P);
    gemm(1, 0, ckk, P, outC, w, dyb, cb, 0, 0, 0, 0, ckk);
    col2im(cb, dxb, inC, inH, inW, k, stride, padTop, padLeft, outH, outW);
  }
}
