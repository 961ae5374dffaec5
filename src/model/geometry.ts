// Output sizes of the spatial layers, by the TF/Keras rules. Backend-neutral: the GPU kernels,
// the CPU reference and the model registry all size their tensors from here.
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
  /** Forward only: the gradient kernels take dy w.r.t. the pre-activation. */
  relu?: boolean;
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

