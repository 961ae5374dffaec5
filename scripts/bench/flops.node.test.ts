import { describe, expect, it } from 'vitest';
import { countFlops } from './flops.ts';
import { MODELS, type LayerSpec } from '../../src/gpu/models.ts';

const dense = (name: string, units: number): LayerSpec => ({ kind: 'dense', name, units, relu: false });

describe('countFlops', () => {
  it('counts the seed CNN layer by layer', () => {
    const f = countFlops(MODELS.cnn);
    // conv: 26·26 outputs × 32 filters × 9 taps × 2; no input gradient for the first layer
    expect(f.layers[0]).toEqual({ layer: 'conv1', forward: 389_376, backward: 389_376 });
    expect(f.layers[1]).toEqual({ layer: 'pool1', forward: 0, backward: 0 });
    // dense 13·13·32 = 5408 → 128
    expect(f.layers[2]).toEqual({ layer: 'dense1', forward: 1_384_448, backward: 2_768_896 });
    expect(f.layers[3]).toEqual({ layer: 'dense2', forward: 2_560, backward: 5_120 });
    expect(f.forward).toBe(1_776_384);
    expect(f.training).toBe(4_939_776);
  });

  it('gives only the first weighted layer no input gradient', () => {
    const f = countFlops({ input: [4], layers: [dense('a', 3), dense('b', 2)] });
    expect(f.layers.map((l) => l.backward)).toEqual([24, 24]);
    expect(f.training).toBe(24 + 12 + 24 + 24);
  });

  it('follows stride and same padding', () => {
    const f = countFlops({ input: [3, 8, 8], layers: [{ kind: 'conv2d', name: 'c', filters: 4, kernel: 3, stride: 2, padding: 'same', relu: true }] });
    expect(f.layers[0].forward).toBe(2 * 4 * 4 * 4 * 3 * 9);
  });

  it('counts the deeper CNN through same padding and two pools', () => {
    const f = countFlops(MODELS['cnn-deep']);
    const conv2 = 2 * 14 * 14 * 64 * 32 * 9;
    expect(f.layers.find((l) => l.layer === 'conv2')?.forward).toBe(conv2);
    expect(f.layers.find((l) => l.layer === 'dense1')?.forward).toBe(2 * 7 * 7 * 64 * 256);
  });

  it('refuses a conv after the input is flat', () => {
    expect(() => countFlops({ input: [784], layers: [{ kind: 'conv2d', name: 'c', filters: 1, kernel: 3, stride: 1, padding: 'valid', relu: false }] })).toThrow(/c: needs a \[C,H,W\]/);
  });
});
