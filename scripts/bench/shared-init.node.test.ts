import { describe, expect, it } from 'vitest';
import { rng } from '../../src/base/random.ts';
import { filtersToHwio, inklingCnnInitForTfjs, rowsChwToHwc } from './shared-init.ts';

const randoms = (n: number, seed: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => r() - 0.5);
};

describe('layout conversion for TF.js', () => {
  it('gives the same dense output for an NCHW and an NHWC flatten of one activation', () => {
    const [c, h, w, units] = [3, 4, 5, 2];
    const act = randoms(c * h * w, 1); // NCHW
    const weights = randoms(c * h * w * units, 2);
    const moved = rowsChwToHwc(weights, c, h, w, units);
    for (let u = 0; u < units; u++) {
      let nchw = 0;
      let nhwc = 0;
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const v = act[(ch * h + y) * w + x];
            nchw += v * weights[((ch * h + y) * w + x) * units + u];
            nhwc += v * moved[((y * w + x) * c + ch) * units + u];
          }
      expect(nhwc).toBeCloseTo(nchw, 5);
    }
  });

  it('moves each filter tap from [o, i, y, x] to [y, x, i, o]', () => {
    const w = Float32Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i);
    const t = filtersToHwio(w, 2, 3, 2);
    // o=1, i=2, y=1, x=0 → source 1·12 + 2·4 + 1·2 + 0 = 22; target ((1·2 + 0)·3 + 2)·2 + 1 = 17
    expect(t[17]).toBe(22);
    expect([...t].sort((a, b) => a - b)).toEqual([...w]);
  });

  it('draws Inkling’s seeded Glorot weights and zero biases', () => {
    const a = inklingCnnInitForTfjs(1);
    expect(a.conv).toHaveLength(3 * 3 * 32);
    expect(a.d1).toHaveLength(5408 * 128);
    expect(a.d1B.every((v) => v === 0)).toBe(true);
    const limit = Math.sqrt(6 / (5408 + 128));
    expect(Math.max(...a.d1.subarray(0, 10_000).map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(inklingCnnInitForTfjs(2).conv).not.toEqual(a.conv);
  });
});
