// Turns a drawn digit into what the network was trained on, following how MNIST itself was made:
// the digit's bounding box is scaled, keeping its aspect ratio, to fit a 20×20 box with
// anti-aliasing, then placed in a 28×28 field so that its centre of mass is at (14, 14) in
// pixel-index coordinates (the mean over the MNIST test set is (14.01, 13.99)).
//
// Scaling and centring are one area-averaging resample from the drawing straight into 28×28, with
// a sub-pixel offset. The usual recipe (resample to 20×20, then shift with bilinear
// interpolation) filters twice and blurs the strokes; here the offset is refined instead, by
// resampling again from the original until the centre of mass is within 0.01 px of the target.
// Pure TypeScript with no DOM, so it runs in the worker and in Node tests alike.

export const DIGIT_SIDE = 28;
const BOX = 20;
const CENTRE = 14;
/** Pixels fainter than this (a fraction of full ink) don't widen the bounding box: stray dust. */
const INK_THRESHOLD = 0.05;
const CENTRE_TOLERANCE = 0.01;
const MAX_REFINEMENTS = 4;

export interface Point {
  x: number;
  y: number;
}

/**
 * `ink` holds one intensity per pixel, row-major, `width × height`: 0 is paper and `fullInk` is
 * full ink. `fullInk` defaults to 255 for a Uint8ClampedArray and to 1 otherwise; values beyond
 * it count as full ink. Returns 784 values in [0, 1] (row-major 28×28), or null when the pad has
 * no ink.
 */
export function preprocessDigit(
  ink: ArrayLike<number>,
  width: number,
  height: number,
  fullInk = ink instanceof Uint8ClampedArray ? 255 : 1,
): Float32Array | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`preprocessDigit: size must be positive integers, got ${width}×${height}`);
  }
  if (ink.length !== width * height) {
    throw new Error(`preprocessDigit: ${ink.length} ink values for a ${width}×${height} pad (${width * height} pixels)`);
  }
  if (!(fullInk > 0)) throw new Error(`preprocessDigit: fullInk must be positive, got ${fullInk}`);

  const box = inkBounds(ink, width, height, fullInk * INK_THRESHOLD);
  if (!box) return null;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const crop = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) crop[y * w + x] = Math.min(1, Math.max(0, ink[(box.y0 + y) * width + box.x0 + x] / fullInk));
  }

  const com = centerOfMass(crop, w, h);
  if (!com) return null;
  const scale = BOX / Math.max(w, h);
  // Continuous coordinates: pixel i covers [i, i + 1), so an index-space centre c sits at c + 0.5.
  const source = { x: com.x + 0.5, y: com.y + 0.5 };
  const target = { x: CENTRE + 0.5, y: CENTRE + 0.5 };
  let out = resample(crop, w, h, scale, source, target);
  for (let i = 0; i < MAX_REFINEMENTS; i++) {
    const at = centerOfMass(out);
    if (!at) break;
    const dx = at.x - CENTRE;
    const dy = at.y - CENTRE;
    if (Math.abs(dx) < CENTRE_TOLERANCE && Math.abs(dy) < CENTRE_TOLERANCE) break;
    target.x -= dx;
    target.y -= dy;
    out = resample(crop, w, h, scale, source, target);
  }
  return out;
}

/** Intensity-weighted mean position in pixel-index coordinates (x = column), or null if blank. */
export function centerOfMass(img: ArrayLike<number>, width = DIGIT_SIDE, height = DIGIT_SIDE): Point | null {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = img[y * width + x];
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/** One ink value per pixel from canvas RGBA: its alpha, or its darkness on an opaque light pad. */
export function inkFromRgba(rgba: Uint8ClampedArray, source: 'alpha' | 'darkness' = 'alpha'): Uint8ClampedArray {
  const ink = new Uint8ClampedArray(rgba.length / 4);
  for (let i = 0; i < ink.length; i++) {
    const p = i * 4;
    ink[i] = source === 'alpha' ? rgba[p + 3] : 255 - (0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2]);
  }
  return ink;
}

interface Bounds {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
}

function inkBounds(ink: ArrayLike<number>, width: number, height: number, threshold: number): Bounds | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Area-averaging resample into 28×28 under the map out = scale · (src − source) + target: each
 * output pixel is the mean of the drawing over the region it covers. Separable: rows, then columns.
 */
function resample(crop: Float32Array, w: number, h: number, scale: number, source: Point, target: Point): Float32Array {
  const wx = boxWeights(w, scale, source.x, target.x);
  const wy = boxWeights(h, scale, source.y, target.y);
  const rows = new Float32Array(h * DIGIT_SIDE);
  for (let y = 0; y < h; y++) {
    for (let o = 0; o < DIGIT_SIDE; o++) {
      const { start, weights } = wx[o];
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * crop[y * w + start + k];
      rows[y * DIGIT_SIDE + o] = sum;
    }
  }
  const out = new Float32Array(DIGIT_SIDE * DIGIT_SIDE);
  for (let o = 0; o < DIGIT_SIDE; o++) {
    const { start, weights } = wy[o];
    for (let k = 0; k < weights.length; k++) {
      const weight = weights[k];
      const row = (start + k) * DIGIT_SIDE;
      for (let x = 0; x < DIGIT_SIDE; x++) out[o * DIGIT_SIDE + x] += weight * rows[row + x];
    }
  }
  // Full ink sums to 1 + rounding; the network was trained on values that never exceed 1.
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, out[i]);
  return out;
}

interface Span {
  start: number;
  weights: Float64Array;
}

/** For each output pixel, the fraction of its preimage that each source pixel covers. */
function boxWeights(srcSize: number, scale: number, source: number, target: number): Span[] {
  return Array.from({ length: DIGIT_SIDE }, (_, o) => {
    const a = (o - target) / scale + source;
    const b = (o + 1 - target) / scale + source;
    const start = Math.max(0, Math.floor(a));
    const end = Math.min(srcSize, Math.ceil(b));
    const weights = new Float64Array(Math.max(0, end - start));
    for (let i = start; i < end; i++) weights[i - start] = (Math.min(b, i + 1) - Math.max(a, i)) * scale;
    return { start, weights };
  });
}
