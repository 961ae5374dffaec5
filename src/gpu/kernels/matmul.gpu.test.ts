import { describe, expect, it } from 'vitest';
import { matmul, matmulScratchBytes, matmulSplit, type MatmulShape } from './matmul.ts';
import { matmul as matmulRef } from '../../reference/matmul.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// f32 accumulation over K terms of magnitude ≤ 1: error grows like sqrt(K)·eps; 1e-4 is ample.
const TOL = { atol: 1e-4, rtol: 1e-4 };

const cases: (MatmulShape & { name: string; bias?: boolean })[] = [
  { name: '1×1×1', M: 1, N: 1, K: 1 },
  { name: 'batch 1, dense 784→128 + bias + relu', M: 1, N: 128, K: 784, bias: true, activation: 'relu' },
  { name: 'odd 67×33×29', M: 67, N: 33, K: 29 },
  { name: 'odd 67×33×29 + bias', M: 67, N: 33, K: 29, bias: true },
  { name: 'odd 67×33×29 + bias + tanh', M: 67, N: 33, K: 29, bias: true, activation: 'tanh' },
  { name: 'odd 67×33×29 + bias + sigmoid', M: 67, N: 33, K: 29, bias: true, activation: 'sigmoid' },
  { name: '130×70×17 relu', M: 130, N: 70, K: 17, activation: 'relu' },
  { name: '130×70×17 tanh', M: 130, N: 70, K: 17, activation: 'tanh' },
  { name: '130×70×17 sigmoid', M: 130, N: 70, K: 17, activation: 'sigmoid' },
  { name: 'Aᵀ·B (weight grad) 49×37×65', M: 49, N: 37, K: 65, transA: true },
  { name: 'Aᵀ·B 128×10×64', M: 128, N: 10, K: 64, transA: true },
  { name: 'A·Bᵀ (input grad) 65×130×33', M: 65, N: 130, K: 33, transB: true },
  { name: 'A·Bᵀ 64×784×128', M: 64, N: 784, K: 128, transB: true },
  { name: 'Aᵀ·Bᵀ 21×19×23', M: 21, N: 19, K: 23, transA: true, transB: true },
  { name: 'N = 2 below one 4-wide block, 9×2×5', M: 9, N: 2, K: 5 },
  // 8-row blocks (TALL) on a software adapter, with rows past M and an odd K.
  { name: 'tall blocks, 250×130×37 + bias + relu', M: 250, N: 130, K: 37, bias: true, activation: 'relu' },
  { name: 'tall blocks, Aᵀ·B 1001×40×19', M: 1001, N: 40, K: 19, transA: true },
  { name: 'tall blocks, A·Bᵀ 70×600×33 + bias + tanh', M: 70, N: 600, K: 33, transB: true, bias: true, activation: 'tanh' },
  // Too few blocks for the cores: 8-row blocks in K slices (4, then 2), summed by the reduce.
  { name: 'tall blocks in K slices, 37×50×1100 + bias + sigmoid', M: 37, N: 50, K: 1100, bias: true, activation: 'sigmoid' },
  { name: 'tall blocks in K slices, Aᵀ·B 20×30×700', M: 20, N: 30, K: 700, transA: true },
  // Split over K in the tiled variant (matmulSplit): the epilogue moves to the reduce pass.
  { name: 'split-K: the seed dense1 forward, 64×128×5408 + bias + relu', M: 64, N: 128, K: 5408, bias: true, activation: 'relu' },
  { name: 'split-K with a short last slice, 3×10×1000 + bias', M: 3, N: 10, K: 1000, bias: true },
  { name: 'split-K, 3×10×1000 + bias + tanh', M: 3, N: 10, K: 1000, bias: true, activation: 'tanh' },
  { name: 'split-K in 2 slices, 5×70×300 + bias + sigmoid', M: 5, N: 70, K: 300, bias: true, activation: 'sigmoid' },
  { name: 'split-K, Aᵀ, 5×70×300', M: 5, N: 70, K: 300, transA: true },
  // M < 4 and a long K: on a software adapter, one row, four columns and one K slice per invocation.
  { name: 'split-K, Aᵀ with M < 4, 2×9×600', M: 2, N: 9, K: 600, transA: true },
  { name: 'split-K, A·Bᵀ, one row, 1×20×700 + bias + tanh', M: 1, N: 20, K: 700, transB: true, bias: true, activation: 'tanh' },
  // Every operand in whole vec4s on a software adapter (matmul-vec4.wgsl): K, N and, for Aᵀ, M
  // multiples of 4, with rows past M, a last 16-column block cut short and odd K slices.
  { name: 'vec4, 252×136×44 + bias + relu', M: 252, N: 136, K: 44, bias: true, activation: 'relu' },
  { name: 'vec4, Aᵀ·B (the seed dense1 weight gradient) 5408×128×64', M: 5408, N: 128, K: 64, transA: true },
  { name: 'vec4, Aᵀ·B 1004×20×36', M: 1004, N: 20, K: 36, transA: true },
  { name: 'vec4, A·Bᵀ (the seed dense1 input gradient) 64×5408×128', M: 64, N: 5408, K: 128, transB: true },
  { name: 'vec4, A·Bᵀ 70×600×36 + bias + tanh', M: 70, N: 600, K: 36, transB: true, bias: true, activation: 'tanh' },
  { name: 'vec4, Aᵀ·Bᵀ 68×24×40 + bias + sigmoid', M: 68, N: 24, K: 40, transA: true, transB: true, bias: true, activation: 'sigmoid' },
  { name: 'vec4 in K slices, 36×52×1100 + bias + sigmoid', M: 36, N: 52, K: 1100, bias: true, activation: 'sigmoid' },
  { name: 'vec4 in K slices, A·Bᵀ 12×40×1028', M: 12, N: 40, K: 1028, transB: true },
  // M < 4 in whole vec4s: 16 columns and one K slice per invocation, then the reduce.
  { name: 'quad rows, 2×36×1204 + bias + relu', M: 2, N: 36, K: 1204, bias: true, activation: 'relu' },
  { name: 'quad rows, A·Bᵀ 3×20×600 + bias + tanh', M: 3, N: 20, K: 600, transB: true, bias: true, activation: 'tanh' },
  { name: 'quad rows, one short slice, 1×8×12', M: 1, N: 8, K: 12 },
  // A drawn digit's dense1 in the seed CNN: the row kernel's K slices are capped at 4 (38 in the tiled split).
  { name: 'split-K, one row, the seed dense1 of one digit, 1×128×5408 + bias + relu', M: 1, N: 128, K: 5408, bias: true, activation: 'relu' },
];

async function runCase(c: (typeof cases)[number], software = false) {
  return runMatmul(c, randomF32(c.M * c.K, 1), randomF32(c.K * c.N, 2), c.bias ? randomF32(c.N, 3) : undefined, software);
}

async function runMatmul(c: MatmulShape, a: Float32Array, b: Float32Array, bias: Float32Array | undefined, software: boolean) {
  const gpu = { ...(await testGpu()), software };
  // Output and split slices start as NaN: an element the kernels never write fails the
  // comparison, even where its answer is 0 (a ReLU's).
  const out = gpuBuffer(gpu, new Float32Array(c.M * c.N).fill(NaN));
  const scratchBytes = matmulScratchBytes(c);
  const ds = await matmul(gpu, c, {
    a: gpuBuffer(gpu, a),
    b: gpuBuffer(gpu, b),
    bias: bias && gpuBuffer(gpu, bias),
    out,
    scratch: scratchBytes > 0 ? gpuBuffer(gpu, new Float32Array(scratchBytes / 4).fill(NaN)) : undefined,
  });
  await run(gpu, ds);
  return {
    got: await readF32(gpu, out, c.M * c.N),
    a,
    b,
    bias,
    dispatches: ds.length,
    kernels: ds.map((d) => d.pipeline.label.split(':').slice(0, 2).join(':')),
  };
}

// Both variants run on every adapter: workgroup-tiled (real GPUs) and barrier-free (software).
describe.each([
  { variant: 'tiled', software: false },
  { variant: 'software', software: true },
])('matmul kernel ($variant) vs reference', ({ software }) => {
  it.each(cases)('$name', async (c) => {
    const { got, a, b, bias } = await runCase(c, software);
    assertClose(got, matmulRef(a, b, c, bias), TOL, c.name);
  });

  // Pre-activations of ±100 to ±1e6: an exp(2v) or exp(−v) on the way would pass the f32 range,
  // where WGSL results are indeterminate. K = 1000 takes the split-K path in the tiled variant.
  it.each([
    { activation: 'tanh', K: 1 },
    { activation: 'sigmoid', K: 1 },
    { activation: 'tanh', K: 1000 },
    { activation: 'sigmoid', K: 1000 },
  ] as const)('$activation saturates without overflow, K = $K', async ({ activation, K }) => {
    const c: MatmulShape = { M: 3, N: 10, K, activation };
    const a = Float32Array.from({ length: c.M * K }, (_, i) => 100 * (1 + Math.floor(i / K)));
    const b = Float32Array.from({ length: K * c.N }, (_, i) => (i % 2 ? 1 : -1) * (1 + (i % c.N)));
    const { got } = await runMatmul(c, a, b, undefined, software);
    const want = matmulRef(a, b, c);
    // Every output saturated: within 1e-30 of ±1 (tanh) or of 0 or 1 (sigmoid).
    const gap = (v: number) => (activation === 'tanh' ? 1 - Math.abs(v) : Math.min(v, 1 - v));
    expect(Math.max(...want.map(gap))).toBeLessThan(1e-30);
    assertClose(got, want, TOL, activation);
  });
});

describe('matmul kernel', () => {
  it('splits K where the tiles are few and K is long, and only there', async () => {
    expect(matmulSplit({ M: 64, N: 128, K: 5408 })).toEqual({ splits: 38, chunk: 144 });
    expect(matmulSplit({ M: 3, N: 10, K: 1000 })).toEqual({ splits: 7, chunk: 144 });
    expect(matmulSplit({ M: 5, N: 70, K: 300 })).toEqual({ splits: 2, chunk: 160 });
    expect(matmulSplit({ M: 5408, N: 128, K: 64, transA: true }).splits).toBe(1);
    expect(matmulSplit({ M: 64, N: 10, K: 128 }).splits).toBe(1);
    expect(matmulScratchBytes({ M: 64, N: 10, K: 128 })).toBe(0);
    // The tiled variant really takes the split path: slices, then the reduce.
    const { dispatches } = await runCase({ name: 'split', M: 3, N: 10, K: 1000, bias: true });
    expect(dispatches).toBe(2);
    // So does the software variant for fewer than 4 rows (a drawn digit), and only there.
    expect((await runCase({ name: 'rows', M: 3, N: 10, K: 1000, bias: true }, true)).dispatches).toBe(2);
    expect((await runCase({ name: 'rows', M: 5, N: 70, K: 300 }, true)).dispatches).toBe(1);
  });

  it('on a software adapter, reads whole vec4s where the dimensions allow, and only there', async () => {
    const kernels = async (c: MatmulShape) => (await runCase({ ...c, name: 'route' }, true)).kernels;
    expect(await kernels({ M: 64, N: 128, K: 5408 })).toEqual(['matmul-vec4:software', 'split-k-reduce:main']);
    expect(await kernels({ M: 5408, N: 128, K: 64, transA: true })).toEqual(['matmul-vec4:software']);
    expect(await kernels({ M: 64, N: 5408, K: 128, transB: true })).toEqual(['matmul-vec4:software']);
    expect(await kernels({ M: 1, N: 128, K: 5408 })).toEqual(['matmul-vec4:softwareRows', 'split-k-reduce:main']);
    expect(await kernels({ M: 1, N: 8, K: 12 })).toEqual(['matmul-vec4:softwareRows']);
    // A dimension an operand walks that is not a multiple of 4: the f32 kernels.
    expect(await kernels({ M: 64, N: 10, K: 128 })).toEqual(['matmul:software']);
    expect(await kernels({ M: 1002, N: 40, K: 20, transA: true })).toEqual(['matmul:software']);
    expect(await kernels({ M: 64, N: 128, K: 5406 })).toEqual(['matmul:software', 'split-k-reduce:main']);
    expect(await kernels({ M: 1, N: 20, K: 701, transB: true })).toEqual(['matmul:softwareRows', 'split-k-reduce:main']);
  });

  it('refuses a split without enough scratch, naming what it needs', async () => {
    const gpu = { ...(await testGpu()), software: false };
    const x = emptyBuffer(gpu, 4);
    await expect(matmul(gpu, { M: 3, N: 10, K: 1000 }, { a: x, b: x, out: x }, 'dense9.forward')).rejects.toThrow(
      'dense9.forward: scratch must hold 840 bytes (matmulScratchBytes) for 7 K slices, got none',
    );
  });

  it('the comparison catches a wrong answer (ReLU applied where none was asked)', async () => {
    const c = { name: 'wrong', M: 33, N: 17, K: 9 };
    const { got, a, b } = await runCase(c);
    const wrong = matmulRef(a, b, { ...c, activation: 'relu' });
    expect(findMismatch(got, wrong, TOL)).not.toBeNull();
    expect(() => assertClose(got, wrong, TOL)).toThrow(/elements differ/);
  });

  it('the comparison catches the wrong activation (sigmoid for tanh), split-K included', async () => {
    for (const c of [
      { M: 67, N: 33, K: 29 },
      { M: 3, N: 10, K: 1000 },
    ]) {
      const { got, a, b, bias } = await runCase({ ...c, name: 'wrong', bias: true, activation: 'tanh' });
      expect(findMismatch(got, matmulRef(a, b, { ...c, activation: 'sigmoid' }, bias), TOL)).not.toBeNull();
    }
  });

  it('refuses an unknown activation name, naming the kernel', async () => {
    const gpu = await testGpu();
    const x = emptyBuffer(gpu, 4);
    const shape = { M: 3, N: 10, K: 1, activation: 'gelu' } as unknown as MatmulShape;
    await expect(matmul(gpu, shape, { a: x, b: x, out: x }, 'dense9.forward')).rejects.toThrow(
      /^dense9\.forward: activation must be one of none, relu, tanh, sigmoid, got gelu$/,
    );
  });

  it('refuses a zero dimension before any GPU work', async () => {
    const gpu = await testGpu();
    const x = emptyBuffer(gpu, 4);
    await expect(matmul(gpu, { M: 0, N: 1, K: 1 }, { a: x, b: x, out: x })).rejects.toThrow(/M must be a positive integer/);
  });
});
