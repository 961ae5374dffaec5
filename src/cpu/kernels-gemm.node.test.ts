// The GEMM kernel against src/reference/matmul.ts on the real wasm: the four transpose
// combinations at ragged sizes (tails of the 8- and 4-column tiles, of the 4-row tile, of the
// transposed kernel's 4-k step, more than one K and N block), bias and every activation,
// accumulation into C, and the bits of one range against three uneven ranges.
import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, activationCode, type Activation } from '../model/activation.ts';
import type { MatmulShape } from '../model/op-shapes.ts';
import { activate } from '../reference/activation.ts';
import { matmul } from '../reference/matmul.ts';
import { assertClose } from '../testing/close.ts';
import { kernelBench, type KernelBench } from '../testing/cpu-kernels.ts';
import { randomF32 } from '../testing/random.ts';

// f32 accumulation over K ≤ 600 terms of magnitude ≤ 1: error ~ sqrt(K)·2⁻²⁴·K, far below 1e-4.
const TOL = { atol: 1e-4, rtol: 1e-4 };

type Case = MatmulShape & { bias?: boolean };

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 63],
  [17, 63, 3],
  [63, 130, 17],
  [130, 3, 300],
  [5, 300, 9],
  [9, 2, 5],
  [6, 12, 600],
];

async function bench(s: Case, c0?: Float32Array): Promise<KernelBench & { a: Float32Array; b: Float32Array; bias: Float32Array }> {
  const a = randomF32(s.M * s.K, s.M * 7 + s.K);
  const b = randomF32(s.K * s.N, s.N * 5 + s.K);
  const bias = randomF32(s.N, s.N + 3);
  const kb = await kernelBench({ a, b, bias, c: c0 ?? s.M * s.N });
  return Object.assign(kb, { a, b, bias });
}

function call(kb: KernelBench, s: Case, accumulate: boolean, begin: number, end: number): void {
  const r = kb.regions;
  kb.k.gemm(
    s.transA ? 1 : 0,
    s.transB ? 1 : 0,
    s.M,
    s.N,
    s.K,
    r.a.offset,
    r.b.offset,
    r.c.offset,
    s.bias ? r.bias.offset : 0,
    activationCode(s.activation ?? 'none'),
    accumulate ? 1 : 0,
    begin,
    end,
  );
}

function name(s: Case): string {
  return `${s.M}×${s.N}×${s.K}${s.transA ? ' Aᵀ' : ''}${s.transB ? ' Bᵀ' : ''}${s.bias ? ' +bias' : ''} ${s.activation ?? 'none'}`;
}

const cases: Case[] = [];
SIZES.forEach(([M, N, K], i) => {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const activation: Activation = ACTIVATIONS[(i + (transA ? 1 : 0) + (transB ? 2 : 0)) % ACTIVATIONS.length];
      cases.push({ M, N, K, transA, transB, bias: i % 2 === 0, activation });
    }
  }
});
for (const activation of ACTIVATIONS) cases.push({ M: 11, N: 21, K: 13, bias: true, activation });

describe('gemm', () => {
  for (const s of cases) {
    test(name(s), async () => {
      const kb = await bench(s);
      call(kb, s, false, 0, s.M);
      assertClose(kb.read('c'), matmul(kb.a, kb.b, s, s.bias ? kb.bias : undefined), TOL);
    });
  }

  for (const s of [
    { M: 7, N: 19, K: 33, bias: true, activation: 'tanh' },
    { M: 13, N: 9, K: 270, transA: true, activation: 'relu' },
    { M: 10, N: 300, K: 6, transB: true, bias: true },
  ] as Case[]) {
    test(`accumulates into C: ${name(s)}`, async () => {
      const c0 = randomF32(s.M * s.N, 99);
      const kb = await bench(s, c0);
      call(kb, s, true, 0, s.M);
      const ab = matmul(kb.a, kb.b, { ...s, activation: 'none' });
      const pre = new Float64Array(s.M * s.N);
      for (let i = 0; i < pre.length; i++) pre[i] = c0[i] + ab[i] + (s.bias ? kb.bias[i % s.N] : 0);
      assertClose(kb.read('c'), activate(pre, s.activation ?? 'none'), TOL);
    });
  }

  test('K = 0 gives act(C or 0 + bias)', async () => {
    const s: Case = { M: 3, N: 5, K: 0, bias: true, activation: 'relu' };
    const kb = await bench(s);
    call(kb, s, false, 0, s.M);
    const want = Array.from({ length: 15 }, (_, i) => Math.max(0, kb.bias[i % 5]));
    assertClose(kb.read('c'), want, { atol: 0, rtol: 0 });
  });

  for (const s of [
    { M: 23, N: 37, K: 300, bias: true, activation: 'sigmoid' },
    { M: 23, N: 37, K: 41, transA: true, transB: true, activation: 'relu' },
    { M: 30, N: 13, K: 19, transB: true },
  ] as Case[]) {
    test(`one range and three uneven ranges give the same bits: ${name(s)}`, async () => {
      const c0 = randomF32(s.M * s.N, 5);
      const whole = await bench(s, c0);
      call(whole, s, true, 0, s.M);
      const split = await bench(s, c0);
      for (const [b, e] of [
        [0, 5],
        [5, 6],
        [6, s.M],
      ])
        call(split, s, true, b, e);
      expect(split.read('c')).toEqual(whole.read('c'));
    });
  }
});
