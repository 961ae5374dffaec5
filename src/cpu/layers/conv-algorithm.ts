// Which algorithm runs a conv2d layer's forward on the CPU: im2col + GEMM
// (src/cpu/assembly/conv2d.ts) or Winograd F(2×2, 3×3) (src/cpu/assembly/conv2d-winograd.ts).
// The rule comes from the per-shape A/B in docs/CPU-ENGINE.md ("Convolution algorithms"); the
// backward passes run on im2col + GEMM whatever the forward took.
import type { Conv2dShape } from '../../model/geometry.ts';

export type ConvAlgorithm = 'im2col' | 'winograd';

/**
 * Winograd pays where the GEMM over the channels is long enough to amortise its transforms:
 * at least this many input channels (the presets' 32- and 64-channel layers; the one-channel
 * first layers stay on im2col).
 */
export const WINOGRAD_MIN_IN_CHANNELS = 16;

/**
 * ...and a batch large enough to amortise the filters' transform, made once a forward: one image
 * (a drawn digit's reading) runs faster on im2col at every measured shape.
 */
export const WINOGRAD_MIN_BATCH = 16;

export function convForwardAlgorithm(s: Conv2dShape): ConvAlgorithm {
  if (s.kernel === 3 && s.stride === 1 && s.inC >= WINOGRAD_MIN_IN_CHANNELS && s.batch >= WINOGRAD_MIN_BATCH) return 'winograd';
  return 'im2col';
}

/** Floats of one Winograd scratch slot (the kernel's winogradSlotFloats): a padded image, then V and M for `chunk` images. */
export function winogradSlotFloats(inC: number, outC: number, outH: number, outW: number, chunk: number): number {
  const tH = (outH + 1) >> 1;
  const tW = (outW + 1) >> 1;
  return inC * (2 * tH + 2) * (2 * tW + 2) + 16 * (inC + outC) * chunk * tH * tW;
}
