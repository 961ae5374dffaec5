import { describe, expect, it } from 'vitest';
import { BN_DROPOUT } from '../../src/testing/specs.ts';
import { preset } from '../../src/model/presets.ts';
import { parseModelSpec } from '../../src/model/spec.ts';
import { specFlops } from './flops.ts';

const spec = (layers: unknown[]) => parseModelSpec({ layers });

describe('specFlops', () => {
  it('counts the seed CNN layer by layer, as the hand count did', () => {
    const f = specFlops(preset('cnn'));
    // conv: 26·26 outputs × 32 filters × 9 taps × 2; no input gradient for the first layer
    expect(f.layers[0]).toEqual({ layer: 'conv1', forward: 389_376, backward: 389_376 });
    expect(f.layers[1]).toEqual({ layer: 'pool1', forward: 0, backward: 0 });
    // dense 13·13·32 = 5408 → 128
    expect(f.layers[2]).toEqual({ layer: 'dense1', forward: 1_384_448, backward: 2_768_896 });
    expect(f.layers[3]).toEqual({ layer: 'dense2', forward: 2_560, backward: 5_120 });
    expect(f.forward).toBe(1_776_384);
    expect(f.training).toBe(4_939_776);
  });

  it('gives only the first layer no input gradient', () => {
    const f = specFlops(
      spec([
        { kind: 'dense', units: 16 },
        { kind: 'dense', units: 10 },
      ]),
    );
    const first = 2 * 784 * 16;
    expect(f.layers.map((l) => l.backward)).toEqual([first, 2 * 2 * 16 * 10]);
    expect(f.training).toBe(first + 320 + first + 640);
  });

  it('follows stride and same padding', () => {
    const f = specFlops(
      spec([
        { kind: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'same' },
        { kind: 'dense', units: 10 },
      ]),
    );
    expect(f.layers[0].forward).toBe(2 * 14 * 14 * 4 * 1 * 9);
  });

  it('counts the deeper CNN through same padding and two pools', () => {
    const f = specFlops(preset('cnn-deep'));
    expect(f.layers.find((l) => l.layer === 'conv2')?.forward).toBe(2 * 14 * 14 * 64 * 32 * 9);
    expect(f.layers.find((l) => l.layer === 'dense1')?.forward).toBe(2 * 7 * 7 * 64 * 256);
  });

  it('counts every kind, batch norm and dropout included', () => {
    const f = specFlops(BN_DROPOUT);
    expect(f.layers.map((l) => l.layer)).toEqual(['conv1', 'bn1', 'pool1', 'conv2', 'bn2', 'pool2', 'dropout1', 'dense1', 'dropout2', 'dense2']);
    // bn1 over 32×28×28: forward 4 per value, backward 2 (γ, β) + 6 (input)
    expect(f.layers[1]).toEqual({ layer: 'bn1', forward: 4 * 32 * 28 * 28, backward: 8 * 32 * 28 * 28 });
    expect(f.layers[6]).toEqual({ layer: 'dropout1', forward: 64 * 7 * 7, backward: 64 * 7 * 7 });
    // Its convs are cnn-deep's, without bias (not counted either way)
    const deep = specFlops(preset('cnn-deep'));
    expect(f.layers[3].forward).toBe(deep.layers[2].forward);
  });

  it('refuses a conv after the input is flat, naming the layer', () => {
    expect(() =>
      specFlops(
        spec([
          { kind: 'dense', units: 10 },
          { kind: 'conv2d', filters: 1 },
        ]),
      ),
    ).toThrow(/layer 2 \(conv1, conv2d\): conv2d needs a \[channels, height, width\] input/);
  });
});
