// Pictures of what a network holds for one image, as RGBA pixels a canvas draws one for one (CSS
// scales them up): feature maps as a grid of small images, units as bars, filters as tiles, and
// the saliency over the input. Only the shape decides the picture, never the layer's kind, so a
// new kind needs nothing here. Values are diverging: positive light, negative blue, each picture
// scaled by its own largest |value|.
import type { Picture } from '../shared/picture';

/** Grid lines between tiles, the page's dark background. */
const GAP = 1;
const GAP_RGB = [40, 44, 58] as const;
/** A unit's bar is this tall at full scale (and half of it holds the negative side when there is one). */
const BAR_HEIGHT = 24;

function largest(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a;
  }
  return m;
}

// These run on the main thread for every refresh of the inside view (cnn-bn's layers are about
// 90,000 pixels), so each pixel is written in place: arrays made per pixel had cost two to four
// times as long (a median 13–24 ms for cnn-bn on a busy 2-core machine, up to 60 ms), too near a
// 50 ms long task.

/** Writes pixel `i` as r, g, b, opaque. */
function put(p: Picture, i: number, r: number, g: number, b: number): void {
  const o = i * 4;
  p.rgba[o] = r;
  p.rgba[o + 1] = g;
  p.rgba[o + 2] = b;
  p.rgba[o + 3] = 255;
}

/** Light for positive, blue for negative, black at 0: t in [-1, 1]. */
function putDiverging(p: Picture, i: number, t: number): void {
  const v = Math.round(255 * Math.min(1, Math.abs(t)));
  if (t >= 0) put(p, i, v, v, v);
  else put(p, i, Math.round(v * 0.35), Math.round(v * 0.55), v);
}

function blank(width: number, height: number): Picture {
  const p = { width, height, rgba: new Uint8ClampedArray(width * height * 4) };
  for (let i = 0; i < width * height; i++) put(p, i, GAP_RGB[0], GAP_RGB[1], GAP_RGB[2]);
  return p;
}

/** `count` maps of h×w, stored one after another, in a near-square grid. */
export function tiles(values: ArrayLike<number>, count: number, h: number, w: number): Picture {
  if (values.length !== count * h * w) throw new Error(`tiles: ${values.length} values for ${count} maps of ${h}×${w}`);
  const cols = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const p = blank(cols * (w + GAP) - GAP, rows * (h + GAP) - GAP);
  const scale = largest(values) || 1;
  for (let m = 0; m < count; m++) {
    const left = (m % cols) * (w + GAP);
    const top = Math.floor(m / cols) * (h + GAP);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) putDiverging(p, (top + y) * p.width + left + x, values[(m * h + y) * w + x] / scale);
  }
  return p;
}

/** One bar per unit, up from the middle for positive values and down for negative ones (from the bottom when none is). */
export function bars(values: ArrayLike<number>): Picture {
  const negative = Array.prototype.some.call(values, (v: number) => v < 0);
  const p = blank(values.length, BAR_HEIGHT);
  const scale = largest(values) || 1;
  const zero = negative ? BAR_HEIGHT / 2 : BAR_HEIGHT;
  const reach = negative ? BAR_HEIGHT / 2 : BAR_HEIGHT;
  for (let x = 0; x < values.length; x++) {
    const t = values[x] / scale;
    const n = Math.round(Math.abs(t) * reach);
    for (let k = 0; k < n; k++) {
      const i = (t >= 0 ? zero - 1 - k : zero + k) * p.width + x;
      if (t >= 0) put(p, i, 236, 238, 245);
      else putDiverging(p, i, -1);
    }
  }
  return p;
}

/** A layer's output by its shape (batch left out): [C, H, W] maps, [T, F] one map of T rows, [F] bars. */
export function activationPicture(shape: readonly number[], values: ArrayLike<number>): Picture {
  if (shape.length === 3) return tiles(values, shape[0], shape[1], shape[2]);
  if (shape.length === 2) return tiles(values, 1, shape[0], shape[1]);
  return bars(values);
}

/** Conv filters [out, in, k, k]: one tile per (out, in) pair. */
export function filtersPicture(shape: readonly number[], values: ArrayLike<number>): Picture {
  const [out, inputs, kh, kw] = shape;
  return tiles(values, out * inputs, kh, kw);
}

/**
 * The saliency over the input ([1, H, W]): the image dimmed to grey, and where the gradient is
 * large, red (raising the pixel raises the predicted class's score) or blue (lowers it), opaque
 * in proportion to |gradient| / its largest value.
 */
export function saliencyPicture(shape: readonly number[], input: ArrayLike<number>, saliency: ArrayLike<number>): Picture {
  const h = shape[shape.length - 2];
  const w = shape[shape.length - 1];
  if (input.length !== h * w || saliency.length !== h * w) throw new Error(`saliencyPicture: expected ${h}×${w} values`);
  const p = blank(w, h);
  const scale = largest(saliency) || 1;
  for (let i = 0; i < h * w; i++) {
    const grey = 90 * Math.min(1, Math.max(0, input[i]));
    const t = saliency[i] / scale;
    const a = Math.min(1, Math.abs(t));
    const mix = (c: number) => Math.round(grey * (1 - a) + c * a);
    if (t >= 0) put(p, i, mix(255), mix(64), mix(64));
    else put(p, i, mix(64), mix(140), mix(255));
  }
  return p;
}

/**
 * A map of h×w resized to hh×ww by bilinear interpolation, pixel centres aligned as image resizers
 * do (PyTorch's interpolate without align_corners, OpenCV's resize): edges repeat outward.
 */
export function upsampleBilinear(map: ArrayLike<number>, h: number, w: number, hh: number, ww: number): Float32Array {
  if (map.length !== h * w) throw new Error(`upsampleBilinear: ${map.length} values for ${h}×${w}`);
  const out = new Float32Array(hh * ww);
  const along = (i: number, from: number, to: number): [number, number, number] => {
    const s = Math.min(from - 1, Math.max(0, ((i + 0.5) * from) / to - 0.5));
    const lo = Math.floor(s);
    return [lo, Math.min(from - 1, lo + 1), s - lo];
  };
  for (let y = 0; y < hh; y++) {
    const [y0, y1, fy] = along(y, h, hh);
    for (let x = 0; x < ww; x++) {
      const [x0, x1, fx] = along(x, w, ww);
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
      out[y * ww + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * Grad-CAM over the input ([1, H, W]): its map (≥ 0, at a layer's h×w) resized to the input and
 * scaled by its largest value, as heat from dark red to yellow, opaque in proportion, over the
 * image dimmed to grey. An all-zero map leaves the grey image alone.
 */
export function gradCamPicture(shape: readonly number[], input: ArrayLike<number>, mapShape: readonly [number, number], map: ArrayLike<number>): Picture {
  const h = shape[shape.length - 2];
  const w = shape[shape.length - 1];
  if (input.length !== h * w) throw new Error(`gradCamPicture: expected ${h}×${w} input values`);
  const heat = upsampleBilinear(map, mapShape[0], mapShape[1], h, w);
  const p = blank(w, h);
  const scale = largest(heat) || 1;
  for (let i = 0; i < h * w; i++) {
    const grey = 90 * Math.min(1, Math.max(0, input[i]));
    const t = Math.min(1, Math.max(0, heat[i] / scale));
    const mix = (c: number) => Math.round(grey * (1 - t) + c * t);
    put(p, i, mix(255), mix(255 * Math.max(0, 2 * t - 1)), mix(0));
  }
  return p;
}
