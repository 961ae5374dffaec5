// exp, σ and tanh on four lanes, and σ and tanh on one by the same code on one lane, so a value
// gives the same bits in a v128 body as in its scalar tail. Cephes' expf: x = n·ln2 + r
// (ln2 in two parts, so r is exact), a degree-7 polynomial for e^r, 2^n put in the exponent bits;
// within 2 ulp of e^x, which Mathf.exp's scalar libm call cannot give four at a time.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;
// Above 88.3 e^x overflows f32. Below −86, 2^n·e^r would be subnormal: kept normal because
// subnormal arithmetic is many times slower on x86, and a saturated gate computes with it.
const LO: f32 = -86;
const HI: f32 = 88.3;
const P0: f32 = 1.98756915e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

export function expv(v: v128): v128 {
  const x0 = f32x4.min(f32x4.max(v, f32x4.splat(LO)), f32x4.splat(HI));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x0, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  const x = f32x4.sub(f32x4.sub(x0, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), x), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(P5));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(x, x)), x), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

/** σ of one value: the four-lane code on one lane, so a tail gets its body's bits. */
export function sigmoidf(v: f32): f32 {
  return f32x4.extract_lane(sigmoidv(f32x4.splat(v)), 0);
}

export function sigmoidv(v: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(v))));
}

export function tanhf(v: f32): f32 {
  return f32x4.extract_lane(tanhv(f32x4.splat(v)), 0);
}

/** tanh |v| = (1 − e^(−2|v|)) / (1 + e^(−2|v|)), then v's sign. */
export function tanhv(v: v128): v128 {
  const one = f32x4.splat(1);
  const e = expv(f32x4.mul(f32x4.splat(-2), f32x4.abs(v)));
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  const sign = v128.and(v, i32x4.splat(0x80000000));
  return v128.or(t, sign);
}
