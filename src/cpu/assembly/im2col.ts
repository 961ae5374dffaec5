// One image's patches as the columns of a matrix, and back: the layout that makes a convolution
// a GEMM. cols is [inC·k·k, outH·outW]: row (c, kh, kw), in the order of the filter's
// [outC, inC, k, k] layout, holds x[c, oh·stride + kh − padTop, ow·stride + kw − padLeft] for
// every output pixel (0 where the tap falls in the padding). col2im adds such a matrix back onto
// the image, rows in increasing order, so every input element is summed in one fixed order.

/** The first ow whose tap column kw lands inside the row, and the end of that run, for stride 1. */
function runStart(kw: i32, padLeft: i32): i32 {
  return max(0, padLeft - kw);
}

function runEnd(kw: i32, padLeft: i32, inW: i32, outW: i32): i32 {
  return min(outW, inW + padLeft - kw);
}

function zero(dst: usize, n: i32): void {
  let i = 0;
  const z = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) v128.store(dst + ((<usize>i) << 2), z);
  for (; i < n; i++) store<f32>(dst + ((<usize>i) << 2), 0);
}

/** cols = im2col(x) for one image (x: its inC×inH×inW floats). */
export function im2col(x: usize, cols: usize, inC: i32, inH: i32, inW: i32, k: i32, stride: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32): void {
  const P = outH * outW;
  let row = cols;
  for (let c = 0; c < inC; c++) {
    const plane = x + ((<usize>(c * inH * inW)) << 2);
    for (let kh = 0; kh < k; kh++) {
      for (let kw = 0; kw < k; kw++) {
        for (let oh = 0; oh < outH; oh++) {
          const dst = row + ((<usize>(oh * outW)) << 2);
          const ih = oh * stride + kh - padTop;
          if (ih < 0 || ih >= inH) {
            zero(dst, outW);
            continue;
          }
          const src = plane + ((<usize>(ih * inW)) << 2);
          if (stride == 1) {
            const s = runStart(kw, padLeft);
            const e = max(s, runEnd(kw, padLeft, inW, outW));
            zero(dst, s);
            // x's row from iw = s + kw − padLeft, contiguous: v128 loads at any alignment.
            const from = src + ((<usize>(s + kw - padLeft)) << 2);
            let i = s;
            for (; i + 4 <= e; i += 4) v128.store(dst + ((<usize>i) << 2), v128.load(from + ((<usize>(i - s)) << 2)));
            for (; i < e; i++) store<f32>(dst + ((<usize>i) << 2), load<f32>(from + ((<usize>(i - s)) << 2)));
            zero(dst + ((<usize>e) << 2), outW - e);
          } else {
            for (let ow = 0; ow < outW; ow++) {
              const iw = ow * stride + kw - padLeft;
              store<f32>(dst + ((<usize>ow) << 2), iw >= 0 && iw < inW ? load<f32>(src + ((<usize>iw) << 2)) : 0);
            }
          }
        }
        row += (<usize>P) << 2;
      }
    }
  }
}

/** x = col2im(cols) for one image: x is zeroed, then every row of cols is added onto it in order. */
export function col2im(cols: usize, x: usize, inC: i32, inH: i32, inW: i32, k: i32, stride: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32): void {
  const P = outH * outW;
  zero(x, inC * inH * inW);
  let row = cols;
  for (let c = 0; c < inC; c++) {
    const plane = x + ((<usize>(c * inH * inW)) << 2);
    for (let kh = 0; kh < k; kh++) {
      for (let kw = 0; kw < k; kw++) {
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * stride + kh - padTop;
          if (ih < 0 || ih >= inH) continue;
          const src = row + ((<usize>(oh * outW)) << 2);
          const dst = plane + ((<usize>(ih * inW)) << 2);
          if (stride == 1) {
            const s = runStart(kw, padLeft);
            const e = runEnd(kw, padLeft, inW, outW);
            const to = dst + ((<usize>(s + kw - padLeft)) << 2);
            let i = s;
            for (; i + 4 <= e; i += 4) {
              const p = to + ((<usize>(i - s)) << 2);
              v128.store(p, f32x4.add(v128.load(p), v128.load(src + ((<usize>i) << 2))));
            }
            for (; i < e; i++) {
              const p = to + ((<usize>(i - s)) << 2);
              store<f32>(p, load<f32>(p) + load<f32>(src + ((<usize>i) << 2)));
            }
          } else {
            for (let ow = 0; ow < outW; ow++) {
              const iw = ow * stride + kw - padLeft;
              if (iw < 0 || iw >= inW) continue;
              const p = dst + ((<usize>iw) << 2);
              store<f32>(p, load<f32>(p) + load<f32>(src + ((<usize>ow) << 2)));
            }
          }
        }
        row += (<usize>P) << 2;
      }
    }
  }
}
