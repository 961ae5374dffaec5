// Element-wise comparison with an absolute + relative tolerance, as numpy's allclose:
// |actual - expected| <= atol + rtol * |expected|. Reports the worst element so a failure
// says where and by how much.

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface Mismatch {
  index: number;
  actual: number;
  expected: number;
  error: number;
  count: number;
}

export function findMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Mismatch | null {
  if (actual.length !== expected.length) {
    return { index: -1, actual: actual.length, expected: expected.length, error: Infinity, count: 1 };
  }
  let worst: Mismatch | null = null;
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const error = Math.abs(a - e);
    // NaN never passes, whichever side it is on.
    if (!(error <= tol.atol + tol.rtol * Math.abs(e))) {
      count++;
      if (!worst || !(error <= worst.error)) worst = { index: i, actual: a, expected: e, error, count: 0 };
    }
  }
  if (worst) worst.count = count;
  return worst;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what = 'values'): void {
  const m = findMismatch(actual, expected, tol);
  if (!m) return;
  if (m.index < 0) throw new Error(`${what}: length ${m.actual} != expected ${m.expected}`);
  throw new Error(
    `${what}: ${m.count} of ${expected.length} elements differ; worst at [${m.index}]: ` +
      `got ${m.actual}, expected ${m.expected} (|diff| ${m.error.toExponential(2)}, atol ${tol.atol}, rtol ${tol.rtol})`,
  );
}
