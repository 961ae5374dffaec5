import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/gpu/models.ts';
import { modelCases } from './kernels.ts';

describe('modelCases', () => {
  it('follows the model: every conv and dense kernel of a training step, no grad-input for the first layer', () => {
    const cases = modelCases(MODELS['cnn-deep'], 64);
    expect(cases.map((c) => c.kernel)).toEqual([
      'conv1 forward',
      'conv1 grad-filter',
      'conv2 forward',
      'conv2 grad-filter',
      'conv2 grad-input',
      'dense1 forward',
      'dense1 grad-weight',
      'dense1 grad-input',
      'dense2 forward',
      'dense2 grad-weight',
      'dense2 grad-input',
    ]);
    const conv2 = cases.find((c) => c.kernel === 'conv2 forward');
    expect(conv2?.shape).toBe('64×32×14×14 → 64 3×3 same');
    expect(conv2?.flops).toBe(2 * 64 * 64 * 14 * 14 * 32 * 9);
    expect(cases.find((c) => c.kernel === 'dense1 forward')?.shape).toBe('64×256×3136');
  });

  it('gives the seed cnn its valid conv on 28×28 and dense 5408→128', () => {
    const cases = modelCases(MODELS.cnn, 32);
    expect(cases[0]).toMatchObject({ kernel: 'conv1 forward', shape: '32×1×28×28 → 32 3×3 valid', flops: 2 * 32 * 32 * 26 * 26 * 9 });
    expect(cases.find((c) => c.kernel === 'dense1 grad-weight')?.shape).toBe('5408×128×32ᵀ');
  });
});
