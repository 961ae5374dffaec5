// Direct (not GEMM-shaped) convolution loops: the oracle the conv2d kernels are tested against.
// Each is generic over the number array so the finite-difference test can run it in float64.
import { conv2dGeometry, type Conv2dShape } from '../model/geometry.ts';
import { activate } from './activation.ts';

type Floats = Float32Array | Float64Array;
type FloatsCtor = Float32ArrayConstructor | Float64ArrayConstructor;

/** Calls visit(xIndex, outIndex, wIndex) for every (output pixel, filter tap) that lands inside x. */
function forEachTap(s: Conv2dShape, visit: (xi: number, yi: number, wi: number) => void): void {
  const { outH, outW, padTop, padLeft } = conv2dGeometry(s);
  const { batch, inC, inH, inW, outC, kernel: k, stride } = s;
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outC; o++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          const yi = ((b * outC + o) * outH + oh) * outW + ow;
          for (let c = 0; c < inC; c++) {
            for (let kh = 0; kh < k; kh++) {
              const ih = oh * stride + kh - padTop;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < k; kw++) {
                const iw = ow * stride + kw - padLeft;
                if (iw < 0 || iw >= inW) continue;
                visit(((b * inC + c) * inH + ih) * inW + iw, yi, ((o * inC + c) * k + kh) * k + kw);
              }
            }
          }
        }
      }
    }
  }
}

function outLength(s: Conv2dShape): number {
  const g = conv2dGeometry(s);
  return s.batch * s.outC * g.outH * g.outW;
}

/** activation(conv(x, w) + bias), accumulated in float64, returned as `type` (Float32Array by default). */
export function conv2d(x: Floats, w: Floats, bias: Floats | undefined, s: Conv2dShape, type: FloatsCtor = Float32Array): Floats {
  const n = outLength(s);
  const { outH, outW } = conv2dGeometry(s);
  const acc = new Float64Array(n);
  if (bias) {
    const plane = outH * outW;
    for (let i = 0; i < n; i++) acc[i] = bias[Math.floor(i / plane) % s.outC];
  }
  forEachTap(s, (xi, yi, wi) => {
    acc[yi] += x[xi] * w[wi];
  });
  return type.from(activate(acc, s.activation ?? 'none'));
}

/** dx for dy given w.r.t. the pre-activation output. */
export function conv2dGradInput(dy: Floats, w: Floats, s: Conv2dShape): Float32Array {
  const dx = new Float64Array(s.batch * s.inC * s.inH * s.inW);
  forEachTap(s, (xi, yi, wi) => {
    dx[xi] += dy[yi] * w[wi];
  });
  return Float32Array.from(dx);
}

/** dw and db (db = Σ dy over batch and pixels) for dy given w.r.t. the pre-activation output. */
export function conv2dGradFilter(dy: Floats, x: Floats, s: Conv2dShape): { dw: Float32Array; db: Float32Array } {
  const dw = new Float64Array(s.outC * s.inC * s.kernel * s.kernel);
  forEachTap(s, (xi, yi, wi) => {
    dw[wi] += dy[yi] * x[xi];
  });
  const db = new Float64Array(s.outC);
  const n = outLength(s);
  const plane = n / (s.batch * s.outC);
  for (let i = 0; i < n; i++) db[Math.floor(i / plane) % s.outC] += dy[i];
  return { dw: Float32Array.from(dw), db: Float32Array.from(db) };
}
