import { describe, expect, it } from 'vitest';
import { countFlops, mnistInput, seedCnn } from './flops.ts';

describe('countFlops', () => {
  it('counts the seed CNN layer by layer', () => {
    const f = countFlops(mnistInput, seedCnn);
    // conv: 26·26 outputs × 32 filters × 9 taps × 2
    expect(f.layers[0]).toEqual({ layer: 'conv2d 1→32 3×3', forward: 389_376, backward: 389_376 });
    expect(f.layers[1].forward).toBe(0);
    // dense 13·13·32 = 5408 → 128
    expect(f.layers[3]).toEqual({ layer: 'dense 5408→128', forward: 1_384_448, backward: 2_768_896 });
    expect(f.layers[4]).toEqual({ layer: 'dense 128→10', forward: 2_560, backward: 5_120 });
    expect(f.forward).toBe(1_776_384);
    expect(f.training).toBe(4_939_776);
  });

  it('gives only the first weighted layer no input gradient', () => {
    const f = countFlops([4], [{ kind: 'dense', units: 3 }, { kind: 'dense', units: 2 }]);
    expect(f.layers.map((l) => l.backward)).toEqual([24, 24]);
    expect(f.training).toBe(24 + 12 + 24 + 24);
  });

  it('follows stride and same padding', () => {
    const f = countFlops([3, 8, 8], [{ kind: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'same' }]);
    expect(f.layers[0].forward).toBe(2 * 4 * 4 * 4 * 3 * 9);
  });

  it('refuses a dense layer on an unflattened input', () => {
    expect(() => countFlops(mnistInput, [{ kind: 'dense', units: 10 }])).toThrow(/dense.*flatten/);
  });
});
