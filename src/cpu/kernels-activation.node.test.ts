// The activation kernels against src/reference/activation.ts, on the real wasm: every activation,
// a length that leaves a scalar tail after the SIMD body, and a range that starts mid-array.
import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, activationCode } from '../model/activation.ts';
import { activate, activationBackward } from '../reference/activation.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { randomF32 } from '../testing/random.ts';
import { assertClose } from '../testing/close.ts';

const N = 103;

describe('activation kernels', () => {
  for (const a of ACTIVATIONS) {
    test(`${a}: forward in place and backward from y`, async () => {
      const x = randomF32(N, 7, -3, 3);
      const g = randomF32(N, 8);
      const b = await kernelBench({ y: x, dy: g });
      b.run.parallel('activation_forward', N, [activationCode(a), b.regions.y.offset]);
      const y = activate(x, a);
      assertClose(b.read('y'), y, { atol: 1e-6, rtol: 1e-5 });
      b.k.activation_backward(activationCode(a), b.regions.y.offset, b.regions.dy.offset, 5, N);
      const want = activationBackward(g, b.read('y'), a);
      want.set(g.subarray(0, 5));
      assertClose(b.read('dy'), want, { atol: 1e-6, rtol: 1e-5 });
    });
  }

  test('relu sends NaN and −0 to +0 on the SIMD body and the tail alike', async () => {
    const x = new Float32Array([NaN, -0, 2, -1, NaN, -0]);
    const b = await kernelBench({ y: x });
    b.k.activation_forward(1, b.regions.y.offset, 0, x.length);
    expect(Array.from(b.read('y')).map((v) => Object.is(v, 0) || v)).toEqual([true, true, 2, true, true, true]);
  });
});
