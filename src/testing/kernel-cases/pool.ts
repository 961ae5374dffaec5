// The pooling kernels' cases and inputs, shared by both engines' tests (src/gpu/kernels/maxpool.gpu.test.ts,
// avgpool.gpu.test.ts; src/cpu/kernels-pool.node.test.ts): batch 1, odd maps that leave rows and
// columns no window reaches, overlapping and gapped windows, ties, the outputs of every activation.
// Each engine's test adds the shapes that reach its own paths.
import type { Activation } from '../../model/activation.ts';
import { globalAvgPoolShape, type AvgPoolShape, type PoolShape } from '../../model/geometry.ts';
import { activate } from '../../reference/activation.ts';
import { randomF32 } from '../random.ts';

// The max pool's forward pass copies values and indices: exact. The backward sums at most
// ceil(size/stride)² gradients per input, in a different order than the reference: 1e-6.
export const EXACT = { atol: 0, rtol: 0 };
export const MAX_BWD_TOL = { atol: 1e-6, rtol: 1e-6 };
// The average pool sums in float32, the reference in float64: up to 784 terms of |x| < 1, averaged,
// stay well inside 1e-6. The backward sums at most ceil(win/stride) per axis gradients in a
// different order than the reference's scatter.
export const AVG_FWD_TOL = { atol: 1e-6, rtol: 1e-5 };
export const AVG_BWD_TOL = { atol: 1e-6, rtol: 1e-6 };

export type MaxPoolCase = PoolShape & { name: string; ties?: boolean; activation?: Activation };

export const MAXPOOL_CASES: MaxPoolCase[] = [
  { name: 'batch 1, one 2×2 window', batch: 1, channels: 1, inH: 2, inW: 2, size: 2, stride: 2 },
  // 1,081,600 inputs: more than 4096 workgroups × 256, so the GPU's grid-stride loops go round.
  { name: 'conv output 50×32×26×26, 2×2/2', batch: 50, channels: 32, inH: 26, inW: 26, size: 2, stride: 2 },
  // 69,632 rows of one window: past the 256 × 256 invocations a software adapter gets, so the
  // GPU's row loops of forward and backwardTiles go round there.
  { name: 'many short rows 64×64×34×2, 2×2/2', batch: 64, channels: 64, inH: 34, inW: 2, size: 2, stride: 2 },
  { name: 'odd 1×7×7×9, 2×2/2 drops the last row and column', batch: 1, channels: 7, inH: 7, inW: 9, size: 2, stride: 2 },
  { name: 'exact 3×3/3 tiling on 2×2×9×12 with ties', batch: 2, channels: 2, inH: 9, inW: 12, size: 3, stride: 3, ties: true },
  { name: 'non-overlapping 3×3/3 on 2×2×10×8 with ties, leftover row and columns', batch: 2, channels: 2, inH: 10, inW: 8, size: 3, stride: 3, ties: true },
  { name: 'gapped 2×2/3 on 1×2×8×7: inputs between windows get zero', batch: 1, channels: 2, inH: 8, inW: 7, size: 2, stride: 3 },
  { name: 'overlapping 3×3/2 on 2×3×11×9 with many ties', batch: 2, channels: 3, inH: 11, inW: 9, size: 3, stride: 2, ties: true },
  { name: 'overlapping 3×3/1 on 1×2×6×5, all ties', batch: 1, channels: 2, inH: 6, inW: 5, size: 3, stride: 1, ties: true },
  // The backward undoes the activation of the layer before at each window's maximum. After a
  // relu, windows of zeros must pass no gradient.
  { name: 'after relu, conv output 4×8×26×26, 2×2/2', batch: 4, channels: 8, inH: 26, inW: 26, size: 2, stride: 2, activation: 'relu' },
  { name: 'after tanh, 2×3×9×12, 3×3/3 tiles', batch: 2, channels: 3, inH: 9, inW: 12, size: 3, stride: 3, activation: 'tanh' },
  { name: 'after sigmoid, 2×2×7×7, 2×2/2 drops a row and column', batch: 2, channels: 2, inH: 7, inW: 7, size: 2, stride: 2, activation: 'sigmoid' },
];

/** Every value equal and windows that tile the map: "last maximum wins" points elsewhere than the first. */
export const TILED_TIES = MAXPOOL_CASES[4];

export function maxPoolInput(c: MaxPoolCase): Float32Array {
  const x = randomF32(c.batch * c.channels * c.inH * c.inW, 11);
  // The output of the layer before. randomF32 is uniform in [-1, 1): moved down by 0.5, three
  // quarters fall below 0, so relu leaves whole windows of zeros (a third of the 2×2, 7% of the 3×3).
  if (c.activation) return activate(c.activation === 'relu' ? x.map((v) => v - 0.5) : x, c.activation);
  // Three levels (or one) make equal maxima common, so the first-wins rule is exercised.
  if (c.ties) return x.map((v) => (c.stride === 1 ? 0.5 : Math.round(v * 1.5)));
  return x;
}

export function avgPoolWindows(
  batch: number,
  channels: number,
  inH: number,
  inW: number,
  winH: number,
  winW: number,
  strideH: number,
  strideW: number,
): AvgPoolShape {
  return { batch, channels, inH, inW, winH, winW, strideH, strideW };
}

export type AvgPoolCase = AvgPoolShape & { name: string };

export const AVGPOOL_CASES: AvgPoolCase[] = [
  { name: 'batch 1, one 2×2 window', ...avgPoolWindows(1, 1, 2, 2, 2, 2, 2, 2) },
  // 1,081,600 inputs: more than 4096 workgroups × 256, so the GPU's grid-stride loops go round.
  { name: 'conv output 50×32×26×26, 2×2/2', ...avgPoolWindows(50, 32, 26, 26, 2, 2, 2, 2) },
  { name: 'odd 1×7×7×9, 2×2/2 drops the last row and column', ...avgPoolWindows(1, 7, 7, 9, 2, 2, 2, 2) },
  { name: 'overlapping 3×3/2 on 2×3×11×9', ...avgPoolWindows(2, 3, 11, 9, 3, 3, 2, 2) },
  { name: 'overlapping 3×3/1 on 1×2×6×5', ...avgPoolWindows(1, 2, 6, 5, 3, 3, 1, 1) },
  { name: '2×3 window, strides 1×2, on 3×5×13×17', ...avgPoolWindows(3, 5, 13, 17, 2, 3, 1, 2) },
  { name: '2×2/3 on 2×3×10×11, gaps no window reaches', ...avgPoolWindows(2, 3, 10, 11, 2, 2, 3, 3) },
];

/** Overlapping windows: a sum or a gradient left undivided shows. */
export const OVERLAPPING_AVG = AVGPOOL_CASES[3];

export const GLOBAL_AVGPOOL_CASES: AvgPoolCase[] = [
  { name: 'global on 10×64×7×7', ...globalAvgPoolShape(10, 64, 7, 7) },
  { name: 'global on 10×32×28×28', ...globalAvgPoolShape(10, 32, 28, 28) },
  // 4,224 outputs with a 132-element window: more than 4096 GPU reduce workgroups, so that loop goes round.
  { name: 'global on 33×128×11×12', ...globalAvgPoolShape(33, 128, 11, 12) },
];
