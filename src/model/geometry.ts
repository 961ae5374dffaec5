// Output sizes of the spatial layers, by the TF/Keras rules. Backend-neutral: the GPU kernels,
// the CPU reference and the model registry all size their tensors from here.
import type { Activation } from './activation.ts';
import { requirePositiveIntegers } from './shape.ts';

export interface Conv2dShape {
  batch: number;
  inC: number;
  inH: number;
  inW: number;
  outC: number;
  /** Square filter: kH = kW = kernel. */
  kernel: number;
  stride: number;
  padding: 'valid' | 'same';
  /** Forward only ('none' if absent): the gradient kernels take dy w.r.t. the pre-activation. */
  activation?: Activation;
}

export interface Conv2dGeometry {
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

function outSize(inSize: number, k: number, stride: number, padding: Conv2dShape['padding']): { out: number; pad: number } {
  if (padding === 'valid') return { out: Math.floor((inSize - k) / stride) + 1, pad: 0 };
  const out = Math.ceil(inSize / stride);
  return { out, pad: Math.floor(Math.max((out - 1) * stride + k - inSize, 0) / 2) };
}

const MAX_KERNEL = 32;

/** Output size and leading padding, by the TF/Keras rules; throws naming the first bad field. */
export function conv2dGeometry(s: Conv2dShape, label = 'conv2d'): Conv2dGeometry {
  const { batch, inC, inH, inW, outC, kernel, stride } = s;
  requirePositiveIntegers(label, { batch, inC, inH, inW, outC, kernel, stride });
  if (s.padding !== 'valid' && s.padding !== 'same') {
    throw new Error(`${label}: padding must be 'valid' or 'same', got ${String(s.padding)}`);
  }
  // The register kernels keep one bit per tap row and column in a u32.
  if (kernel > MAX_KERNEL) throw new Error(`${label}: kernel ${kernel} is over ${MAX_KERNEL}, the widest the conv kernels take`);
  if (s.padding === 'valid' && (kernel > inH || kernel > inW)) {
    throw new Error(`${label}: kernel ${kernel} is larger than the ${inH}×${inW} input with 'valid' padding`);
  }
  const h = outSize(inH, kernel, stride, s.padding);
  const w = outSize(inW, kernel, stride, s.padding);
  return { outH: h.out, outW: w.out, padTop: h.pad, padLeft: w.pad };
}

export interface PoolShape {
  batch: number;
  channels: number;
  inH: number;
  inW: number;
  /** Square window side. */
  size: number;
  stride: number;
}

export interface PoolGeometry {
  outH: number;
  outW: number;
}

/** Output size with no padding: windows that do not fit are dropped. */
export function poolGeometry(shape: PoolShape): PoolGeometry {
  return {
    outH: Math.floor((shape.inH - shape.size) / shape.stride) + 1,
    outW: Math.floor((shape.inW - shape.size) / shape.stride) + 1,
  };
}

/** Average pooling, valid windows: height and width apart, so one window can cover a whole map. */
export interface AvgPoolShape {
  batch: number;
  channels: number;
  inH: number;
  inW: number;
  winH: number;
  winW: number;
  strideH: number;
  strideW: number;
}

/** Output size with no padding (windows that do not fit are dropped); throws naming the first bad field. */
export function avgPoolGeometry(s: AvgPoolShape, label = 'avgpool'): PoolGeometry {
  const { batch, channels, inH, inW, winH, winW, strideH, strideW } = s;
  requirePositiveIntegers(label, { batch, channels, inH, inW, winH, winW, strideH, strideW });
  if (winH > inH) throw new Error(`${label}: winH ${winH} exceeds inH ${inH}`);
  if (winW > inW) throw new Error(`${label}: winW ${winW} exceeds inW ${inW}`);
  return { outH: Math.floor((inH - winH) / strideH) + 1, outW: Math.floor((inW - winW) / strideW) + 1 };
}

/** Global average pooling as an AvgPoolShape: one window over each whole h×w map, so out is 1×1. */
export function globalAvgPoolShape(batch: number, channels: number, h: number, w: number): AvgPoolShape {
  return { batch, channels, inH: h, inW: w, winH: h, winW: w, strideH: h, strideW: w };
}
