// The lstm cell kernel's σ and tanh (src/cpu/assembly/expf.ts: a polynomial exp on four lanes, the
// tail by the same code on one lane) against float64 Math over the whole range, saturation at
// ±100 and ±Infinity included; the rest of the lstm is checked as a layer (layers/lstm.node.test.ts).
import { describe, expect, test } from 'vitest';
import { assertClose } from '../testing/close.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { sameBits } from '../testing/cpu-split.ts';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('lstm cell kernel', () => {
  test('gates within 3e-7 of float64 σ and tanh from −100 to 100, and at ±Infinity', async () => {
    // 5 units: one four-lane group and a one-lane tail per row; 400 rows of z values.
    const H = 5;
    const rows = 400;
    const z = Float32Array.from({ length: rows * 4 * H }, (_, k) => -100 + (200 * k) / (rows * 4 * H));
    z.set([Infinity, -Infinity, 30, -30], 0);
    const b = await kernelBench({ z, c: rows * H, h: rows * H });
    b.k.lstm_cell_forward(b.regions.z.offset, 0, b.regions.c.offset, b.regions.h.offset, 0, H, H, 0, rows);
    const gates = b.read('z');
    const want = Float64Array.from(z, (v, k) => (Math.floor(k / H) % 4 === 2 ? Math.tanh(v) : sigmoid(v)));
    assertClose(gates, want, { atol: 3e-7, rtol: 0 }, 'gates');
    const cells = Float64Array.from({ length: rows * H }, (_, e) => {
      const [r, j] = [Math.floor(e / H), e % H];
      return gates[r * 4 * H + j] * gates[r * 4 * H + 2 * H + j];
    });
    assertClose(b.read('c'), cells, { atol: 1e-7, rtol: 0 }, 'c = i·g');
    const h = Float64Array.from(cells, (c, e) => gates[Math.floor(e / H) * 4 * H + 3 * H + (e % H)] * Math.tanh(c));
    assertClose(b.read('h'), h, { atol: 3e-7, rtol: 0 }, 'h = o·tanh(c)');
  });

  test('a unit gives the same bits in the four-lane body as in the tail', async () => {
    // Units 0–3 run four-wide, unit 4 alone: the same z in both places must give the same gates.
    const H = 5;
    const values = [-7.3, -0.01, 0, 0.37, 2.5, 13];
    const z = new Float32Array(values.length * 4 * H);
    values.forEach((v, r) => z.fill(v, r * 4 * H, (r + 1) * 4 * H));
    const b = await kernelBench({ z, c: values.length * H, h: values.length * H });
    b.k.lstm_cell_forward(b.regions.z.offset, 0, b.regions.c.offset, b.regions.h.offset, 0, H, H, 0, values.length);
    const h = b.read('h');
    for (let r = 0; r < values.length; r++) expect(sameBits(h.subarray(r * H, r * H + 4), new Float32Array(4).fill(h[r * H + 4]))).toBe(true);
  });
});
