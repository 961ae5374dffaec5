import { describe, expect, it } from 'vitest';
import { activationBackward } from './activation-backward.ts';
import { activate, activationBackward as activationBackwardRef } from '../../reference/activation.ts';
import type { Activation } from '../../model/activation.ts';
import { emptyBuffer, gpuBuffer, readF32, run, testGpu } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';

// ReLU is a mask: every element passes unchanged or becomes 0, so it is exact. tanh and sigmoid
// take two or three f32 roundings against one in the reference: a few ulps of values ≤ 1.
const TOL: Record<Exclude<Activation, 'none'>, { atol: number; rtol: number }> = {
  relu: { atol: 0, rtol: 0 },
  tanh: { atol: 1e-7, rtol: 1e-6 },
  sigmoid: { atol: 1e-7, rtol: 1e-6 },
};

const activations = ['relu', 'tanh', 'sigmoid'] as const;

const counts = [
  { name: 'one element', count: 1 },
  { name: '1000 (not a multiple of 256; vec4s)', count: 1000 },
  { name: '4 (one vec4)', count: 4 },
  // More than 4096 workgroups × 256: the grid-stride loop goes round.
  { name: 'conv activation 50×32×26×26 + 3', count: 50 * 32 * 26 * 26 + 3 },
  { name: 'conv activation 50×32×26×26 (vec4s)', count: 50 * 32 * 26 * 26 },
];

const grid = activations.flatMap((activation) => counts.map((c) => ({ ...c, activation })));

async function runCase(count: number, activation: Activation) {
  const gpu = await testGpu();
  // act is the activation's f32 output over pre-activations in ±4 (ReLU: about half exact zeros).
  const pre = randomF32(count, 21, -4, 4);
  const act = activate(pre, activation);
  const grad = randomF32(count, 22);
  const gradBuffer = gpuBuffer(gpu, grad);
  const ds = await activationBackward(gpu, { count, activation }, { act: gpuBuffer(gpu, act), grad: gradBuffer });
  await run(gpu, ds);
  return { got: await readF32(gpu, gradBuffer, count), pre, act, grad, dispatches: ds.length };
}

describe('activation-backward kernel vs reference', () => {
  it.each(grid)('$activation, $name', async ({ name, count, activation }) => {
    const { got, act, grad } = await runCase(count, activation);
    assertClose(got, activationBackwardRef(grad, act, activation), TOL[activation], `${activation} ${name}`);
  });

  it.each(activations)('the comparison catches a wrong answer for %s (gradient unchanged)', async (activation) => {
    const { got, grad } = await runCase(1000, activation);
    expect(findMismatch(got, grad, TOL[activation])).not.toBeNull();
  });

  it.each(['tanh', 'sigmoid'] as const)('the comparison catches %s′ taken at the input instead of the output', async (activation) => {
    const { got, pre, grad } = await runCase(1000, activation);
    expect(findMismatch(got, activationBackwardRef(grad, pre, activation), TOL[activation])).not.toBeNull();
  });

  it("dispatches nothing for 'none': the gradient passes through", async () => {
    const { got, grad, dispatches } = await runCase(1000, 'none');
    expect(dispatches).toBe(0);
    expect(Array.from(got)).toEqual(Array.from(grad));
  });

  it('refuses a zero count and an unknown activation before any GPU work', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(activationBackward(gpu, { count: 0, activation: 'tanh' }, { act: b, grad: b })).rejects.toThrow(/count must be a positive integer/);
    await expect(activationBackward(gpu, { count: 0, activation: 'none' }, { act: b, grad: b })).rejects.toThrow(/count must be a positive integer/);
    await expect(activationBackward(gpu, { count: 1, activation: 'gelu' as Activation }, { act: b, grad: b })).rejects.toThrow(
      /^activation-backward: activation must be one of none, relu, tanh, sigmoid, got gelu$/,
    );
  });
});
