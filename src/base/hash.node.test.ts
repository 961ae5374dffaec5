import { describe, expect, it } from 'vitest';
import { mix32 } from './hash.ts';

/** lowbias32 written out independently, with BigInt, as a cross-check of the u32 arithmetic. */
function lowbias32(v: number): number {
  const M = 0xffffffffn;
  let h = BigInt(v >>> 0);
  h ^= h >> 16n;
  h = (h * 0x7feb352dn) & M;
  h ^= h >> 15n;
  h = (h * 0x846ca68bn) & M;
  h ^= h >> 16n;
  return Number(h);
}

describe('mix32', () => {
  it('is lowbias32 in exact u32 arithmetic', () => {
    for (const v of [0, 1, 2, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff]) expect(mix32(v)).toBe(lowbias32(v));
  });

  it('reads its argument as a u32, as WGSL does', () => {
    expect(mix32(-1)).toBe(mix32(0xffffffff));
    expect(mix32(2 ** 32 + 5)).toBe(mix32(5));
  });
});
