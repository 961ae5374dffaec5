import { describe, expect, it } from 'vitest';
import { matmul } from './matmul.ts';
import { activate } from './activation.ts';
import { assertClose } from '../testing/close.ts';

// [[1, 2], [3, 4]] · [[0.5, −1], [0.25, 0.5]] + [0.1, −0.2] = [[1.1, −0.2], [2.6, −1.2]]: each
// sum is exact in float64, so every activation can be checked against activate() of it.
const a = new Float32Array([1, 2, 3, 4]);
const b = new Float32Array([0.5, -1, 0.25, 0.5]);
const bias = new Float32Array([0.1, -0.2]);
const pre = new Float64Array([1, 0, 2.5, -1]).map((v, i) => v + bias[i % 2]);

describe('matmul reference', () => {
  it.each(['none', 'relu', 'tanh', 'sigmoid'] as const)('applies %s after the bias', (activation) => {
    const got = matmul(a, b, { M: 2, N: 2, K: 2, activation }, bias);
    expect(got).toBeInstanceOf(Float32Array);
    assertClose(got, Float32Array.from(activate(pre, activation)), { atol: 0, rtol: 0 }, activation);
  });

  it('reads Aᵀ and Bᵀ', () => {
    const t = (m: Float32Array) => new Float32Array([m[0], m[2], m[1], m[3]]);
    const got = matmul(t(a), t(b), { M: 2, N: 2, K: 2, transA: true, transB: true, activation: 'relu' }, bias);
    assertClose(got, Float32Array.from(activate(pre, 'relu')), { atol: 0, rtol: 0 });
  });
});
