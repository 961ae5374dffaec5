import { describe, expect, it } from 'vitest';
import { activationPicture, bars, filtersPicture, gradCamPicture, saliencyPicture, tiles, upsampleBilinear } from './pictures';

const pixel = (p: { width: number; rgba: Uint8ClampedArray }, x: number, y: number) =>
  Array.from(p.rgba.slice((y * p.width + x) * 4, (y * p.width + x) * 4 + 4));

describe('inside-view pictures', () => {
  it('tiles maps in a near-square grid with one-pixel gaps, scaled by the largest |value|', () => {
    // 5 maps of 2×3: 3 columns, 2 rows.
    const values = new Float32Array(5 * 2 * 3);
    values[0] = 2; // map 0, (0, 0): the largest → white
    values[6 + 1] = -2; // map 1, (1, 0): full negative → blue
    values[4 * 6 + 5] = 1; // map 4, (2, 1): half
    const p = tiles(values, 5, 2, 3);
    expect([p.width, p.height]).toEqual([3 * 4 - 1, 2 * 3 - 1]);
    expect(pixel(p, 0, 0)).toEqual([255, 255, 255, 255]);
    expect(pixel(p, 4 + 1, 0)).toEqual([89, 140, 255, 255]);
    expect(pixel(p, 4 + 2, 3 + 1)).toEqual([128, 128, 128, 255]);
    // The gap column between map 0 and map 1.
    expect(pixel(p, 3, 0)).toEqual([40, 44, 58, 255]);
  });

  it('picks the picture by shape alone', () => {
    expect([activationPicture([4, 5, 6], new Float32Array(120)).width, activationPicture([4, 5, 6], new Float32Array(120)).height]).toEqual([13, 11]);
    const sequence = activationPicture([28, 16], new Float32Array(28 * 16));
    expect([sequence.width, sequence.height]).toEqual([16, 28]);
    expect(activationPicture([10], new Float32Array(10)).width).toBe(10);
    const filters = filtersPicture([8, 1, 3, 3], new Float32Array(72));
    // 8 tiles: 3 columns, 3 rows.
    expect([filters.width, filters.height]).toEqual([3 * 4 - 1, 3 * 4 - 1]);
  });

  it('draws units as bars from the bottom, or from the middle when some are negative', () => {
    const up = bars(new Float32Array([1, 0.5, 0]));
    expect(pixel(up, 0, 0)[0]).toBe(236);
    expect(pixel(up, 1, 11)[0]).toBe(40);
    expect(pixel(up, 1, 12)[0]).toBe(236);
    expect(pixel(up, 2, 23)[0]).toBe(40);
    const both = bars(new Float32Array([1, -1]));
    expect(pixel(both, 0, 0)[0]).toBe(236);
    expect(pixel(both, 0, 12)[0]).toBe(40);
    expect(pixel(both, 1, 23)).toEqual([89, 140, 255, 255]);
  });

  it('tints the input red where the gradient raises the score and blue where it lowers it', () => {
    const input = new Float32Array(4).fill(1);
    const p = saliencyPicture([1, 2, 2], input, new Float32Array([1, -1, 0, 0.5]));
    expect(pixel(p, 0, 0)).toEqual([255, 64, 64, 255]);
    expect(pixel(p, 1, 0)).toEqual([64, 140, 255, 255]);
    expect(pixel(p, 0, 1)).toEqual([90, 90, 90, 255]);
    expect(() => saliencyPicture([1, 2, 2], input, new Float32Array(3))).toThrow(/2×2/);
  });
});

describe('Grad-CAM pictures', () => {
  it('resizes bilinearly with pixel centres aligned, edges repeating', () => {
    // 1×2 → 1×4: centres at −0.25, 0.25, 0.75, 1.25 of the source: clamped, ¼, ¾, clamped.
    expect(Array.from(upsampleBilinear([0, 4], 1, 2, 1, 4))).toEqual([0, 1, 3, 4]);
    // 2×2 → 4×4: the middle 2×2 mixes all four.
    const up = upsampleBilinear([0, 4, 8, 12], 2, 2, 4, 4);
    expect(Array.from(up.subarray(4, 8))).toEqual([2, 3, 5, 6]);
    expect([up[0], up[15]]).toEqual([0, 12]);
    expect(() => upsampleBilinear([1, 2, 3], 2, 2, 4, 4)).toThrow(/3 values for 2×2/);
  });

  it('puts the heat over the dimmed input, brightest where the map is largest', () => {
    const input = new Float32Array(16).fill(1);
    // A 2×2 map hot at the top left only.
    const p = gradCamPicture([1, 4, 4], input, [2, 2], [2, 0, 0, 0]);
    expect([p.width, p.height]).toEqual([4, 4]);
    expect(pixel(p, 0, 0)).toEqual([255, 255, 0, 255]);
    // The far corner is cold: the grey image shows through.
    expect(pixel(p, 3, 3)).toEqual([90, 90, 90, 255]);
    // An all-zero map (nothing raises the class's score there) leaves the image grey.
    expect(pixel(gradCamPicture([1, 4, 4], input, [2, 2], [0, 0, 0, 0]), 1, 1)).toEqual([90, 90, 90, 255]);
  });
});
