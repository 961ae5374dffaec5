// The dropout kernel against src/model/dropout-mask.ts and src/reference/dropout.ts on the real
// wasm: the keep/drop bits equal the TypeScript hash's for several (t, seed, salt), extremes
// included, so a run drops the same units on the CPU engine as on the GPU; the values equal the
// reference's bit for bit; splits that cut rows mid-way give the same bits.
import { describe, expect, test } from 'vitest';
import { dropoutHash, dropoutKey, dropoutScale, dropoutThreshold, type DropoutShape } from '../model/dropout-mask.ts';
import { dropout, dropoutBackward } from '../reference/dropout.ts';
import { assertClose, findMismatch } from '../testing/close.ts';
import { kernelBench } from '../testing/cpu-kernels.ts';
import { sameBits, splitTwice } from '../testing/cpu-split.ts';
import { randomF32 } from '../testing/random.ts';

const EXACT = { atol: 0, rtol: 0 };

type Case = DropoutShape & { name: string; t: number; seed: number };

const cases: Case[] = [
  { name: 'one element', batch: 1, units: 1, rate: 0.5, salt: 0, t: 1, seed: 0 },
  { name: 'batch 3 × 1000 units, rate 0.5', batch: 3, units: 1000, rate: 0.5, salt: 1, t: 7, seed: 3 },
  { name: 'batch 7 × 13, rate 0.9, all-ones t, seed and salt', batch: 7, units: 13, rate: 0.9, salt: 0xffffffff, t: 0xffffffff, seed: 0xffffffff },
  { name: 'batch 33 × 784, rate 0.1', batch: 33, units: 784, rate: 0.1, salt: 12345, t: 100, seed: 42 },
  { name: 'cnn-bn’s head: batch 64 × 256, rate 0.25', batch: 64, units: 256, rate: 0.25, salt: 10, t: 3, seed: 2 },
  { name: 'rate 0: all kept, nothing drawn', batch: 5, units: 301, rate: 0, salt: 1, t: 3, seed: 4 },
];

async function runCase(c: Case) {
  const n = c.batch * c.units;
  const x = randomF32(n, 21);
  const dy = randomF32(n, 22);
  const b = await kernelBench({ x, dy, ones: new Float32Array(n).fill(1), y: n, dx: n, mask: n });
  const r = b.regions;
  const draw = [c.units, dropoutKey(c.t >>> 0, c.seed >>> 0, c.salt), dropoutThreshold(c.rate), dropoutScale(c.rate)];
  const f = splitTwice(b, 'dropout_apply', n, [r.x.offset, r.y.offset, ...draw], ['y']);
  const g = splitTwice(b, 'dropout_apply', n, [r.dy.offset, r.dx.offset, ...draw], ['dx']);
  b.k.dropout_apply(r.ones.offset, r.mask.offset, draw[0], draw[1], draw[2], draw[3], 0, n);
  return { x, dy, y: b.read('y'), dx: b.read('dx'), mask: b.read('mask'), splits: [f, g] };
}

describe('dropout kernel vs the TypeScript hash and the reference', () => {
  test.each(cases)('$name', async (c) => {
    const r = await runCase(c);
    const key = dropoutKey(c.t, c.seed, c.salt);
    const threshold = dropoutThreshold(c.rate);
    const keeps = Array.from({ length: c.batch * c.units }, (_, e) => dropoutHash(key, Math.floor(e / c.units), e % c.units) >= threshold);
    expect(Array.from(r.mask, (v) => v !== 0)).toEqual(keeps);
    assertClose(r.y, dropout(r.x, c, c.t, c.seed), EXACT, 'y');
    assertClose(r.dx, dropoutBackward(r.dy, c, c.t, c.seed), EXACT, 'dx');
    for (const s of r.splits) expect(sameBits(s.whole[0], s.split[0])).toBe(true);
  });

  test('another salt, step or seed draws another mask (the comparison can fail)', async () => {
    const c = cases[1];
    const r = await runCase(c);
    for (const other of [{ salt: c.salt + 1 }, { t: c.t + 1 }, { seed: c.seed + 1 }]) {
      const o = { ...c, ...other };
      expect(findMismatch(r.y, dropout(r.x, o, o.t, o.seed), EXACT)).not.toBeNull();
    }
  });
});
