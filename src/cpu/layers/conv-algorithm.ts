// Which algorithm runs a conv2d layer on the CPU: im2col + GEMM (src/cpu/assembly/conv2d.ts) or
// Winograd F(2×2, 3×3) (src/cpu/assembly/conv2d-winograd.ts) for its forward and input gradient;
// the filter gradient is a GEMM on the patches either way. The rule comes from the per-shape A/B
// in docs/CPU-ENGINE.md ("Convolution algorithms"), made with scripts/bench/conv-algorithms.ts.
import type { Conv2dShape } from '../../model/geometry.ts';

export type ConvAlgorithm = 'im2col' | 'winograd';

/**
 * Winograd pays where the 16 GEMMs over the channels are long enough to carry its transforms: at
 * least this many channels on each side (the presets' 32→64 and 64→128 layers). A one-channel
 * first layer (K = 9) stays on im2col, whose GEMM is short too but skips the transforms.
 */
export const WINOGRAD_MIN_CHANNELS = 16;

/**
 * ...and a batch that carries the filters' transform, made once a pass: at one image (a drawn
 * digit's reading) im2col wins at every preset shape; from 16 Winograd wins at every 32- and
 * 64-channel one.
 */
export const WINOGRAD_MIN_BATCH = 16;

export function convAlgorithm(s: Conv2dShape): ConvAlgorithm {
  const channels = Math.min(s.inC, s.outC);
  if (s.kernel === 3 && s.stride === 1 && channels >= WINOGRAD_MIN_CHANNELS && s.batch >= WINOGRAD_MIN_BATCH) return 'winograd';
  return 'im2col';
}

/** Floats of one Winograd scratch slot (the kernel's winogradSlotFloats): a padded image, then V and M for `chunk` images. */
export function winogradSlotFloats(inC: number, outC: number, outH: number, outW: number, chunk: number): number {
  const tH = (outH + 1) >> 1;
  const tW = (outW + 1) >> 1;
  return inC * (2 * tH + 2) * (2 * tW + 2) + 16 * (inC + outC) * chunk * tH * tW;
}
