// The per-sample random shift, rotation and scale of training images, drawn exactly as
// src/shaders/gather.wgsl draws them: a hash of (sample in batch, optimizer step, seed), so the
// CPU reference and tests can reproduce any batch the GPU builds. It is the gather kernel's
// contract, beside the other op contracts, not data loading.
import { mix32 } from '../base/hash.ts';

/** Pixels a training image may move in each direction when augmentation is on. */
export const AUGMENT_SHIFT = 2;

/** The hash every draw of sample b at optimizer step t starts from. */
function sampleHash(b: number, t: number, seed: number): number {
  return mix32((mix32((mix32(b) ^ t) >>> 0) ^ seed) >>> 0);
}

/** The (dx, dy) offset of sample b at optimizer step t; (0, 0) when shift is 0. */
export function sampleShift(b: number, t: number, seed: number, shift: number): [number, number] {
  if (shift === 0) return [0, 0];
  const span = 2 * shift + 1;
  const h = sampleHash(b, t, seed);
  return [(h % span) - shift, (Math.floor(h / span) % span) - shift];
}

/** The largest rotation (degrees) and scale change (fraction) a run may ask for. */
export const WARP_LIMITS = { rotate: 45, zoom: 0.5 } as const;

/** Salts the shift's hash, so the warp's draw is independent of the shift's. */
const WARP_SALT = 0x9e3779b9;

/**
 * The rotation (radians, uniform in ±rotate) and scale (uniform in 1 ± zoom) of sample b at
 * optimizer step t; exactly (0, 1) when both limits are 0, so a warp-free run is a pure shift.
 */
export function sampleWarp(b: number, t: number, seed: number, rotate: number, zoom: number): [number, number] {
  const h = mix32((sampleHash(b, t, seed) ^ WARP_SALT) >>> 0);
  const u = (h & 0xffff) / 65535;
  const v = (h >>> 16) / 65535;
  return [rotate * (2 * u - 1), 1 + zoom * (2 * v - 1)];
}

/**
 * sin and cos by their Taylor series to the 7th and 8th power: within 4e-7 for |a| ≤ π/4 (the
 * rotation limit) in f64 and f32 alike, where WGSL's built-ins may be 2^-11 off.
 */
export function sinCos(a: number): [number, number] {
  const a2 = a * a;
  const sin = a * (1 - (a2 / 6) * (1 - (a2 / 20) * (1 - a2 / 42)));
  const cos = 1 - (a2 / 2) * (1 - (a2 / 12) * (1 - (a2 / 30) * (1 - a2 / 56)));
  return [sin, cos];
}

/**
 * Where output pixel (col, row) of sample b reads from in its source image: the image is scaled
 * and rotated about its centre, then shifted. Integer coordinates when the warp is off.
 */
export function sourcePoint(col: number, row: number, width: number, height: number, d: [number, number], warp: [number, number]): [number, number] {
  const [sin, cos] = sinCos(warp[0]);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const qx = (col - cx - d[0]) / warp[1];
  const qy = (row - cy - d[1]) / warp[1];
  // The inverse rotation, R(−a), maps the output back onto the source.
  return [cos * qx + sin * qy + cx, -sin * qx + cos * qy + cy];
}

/**
 * Writes image j of `images` (bytes, `pixels` a piece, `width` a row) warped by shift d and
 * (rotation, scale) into `out` at `at`, in [0, 1]: bilinear, pixels from outside the image 0
 * (MNIST's background). The batch gather of every CPU engine and of the reference.
 */
export function warpImage(
  images: Uint8Array,
  j: number,
  pixels: number,
  width: number,
  d: [number, number],
  warp: [number, number],
  out: Float32Array,
  at: number,
): void {
  const height = pixels / width;
  const base = j * pixels;
  const px = (row: number, col: number) => (row >= 0 && row < height && col >= 0 && col < width ? images[base + row * width + col] / 255 : 0);
  if (d[0] === 0 && d[1] === 0 && warp[0] === 0 && warp[1] === 1) {
    for (let p = 0; p < pixels; p++) out[at + p] = images[base + p] / 255;
    return;
  }
  // sourcePoint's arithmetic with its rotation's sine and cosine taken once an image, not once a pixel: the training
  // step's gather runs this for every pixel of every batch.
  const [sin, cos] = sinCos(warp[0]);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let p = 0; p < pixels; p++) {
    const qx = ((p % width) - cx - d[0]) / warp[1];
    const qy = (Math.floor(p / width) - cy - d[1]) / warp[1];
    const sx = cos * qx + sin * qy + cx;
    const sy = -sin * qx + cos * qy + cy;
    const c0 = Math.floor(sx);
    const r0 = Math.floor(sy);
    const fx = sx - c0;
    const fy = sy - r0;
    const top = px(r0, c0) * (1 - fx) + px(r0, c0 + 1) * fx;
    const bottom = px(r0 + 1, c0) * (1 - fx) + px(r0 + 1, c0 + 1) * fx;
    out[at + p] = top * (1 - fy) + bottom * fy;
  }
}
