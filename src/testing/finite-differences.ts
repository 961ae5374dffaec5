// Numeric gradients for the reference tests: central differences in float64. Each test keeps its
// own step h and tolerance, chosen (and argued in a comment there) for the function it checks.

/**
 * ∂f/∂wrt by central differences, (f(w + h) − f(w − h)) / 2h per element. f reads wrt: each
 * element is perturbed in place and put back before the next one, so wrt ends as it began.
 */
export function centralDifferences(wrt: Float64Array, f: () => number, h: number): Float64Array {
  const grad = new Float64Array(wrt.length);
  for (let i = 0; i < wrt.length; i++) {
    const saved = wrt[i];
    wrt[i] = saved + h;
    const up = f();
    wrt[i] = saved - h;
    const down = f();
    wrt[i] = saved;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** Σ out[i]·r[i], summed in index order: a loss whose gradient with respect to out is r. */
export function linearLoss(out: ArrayLike<number>, r: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i] * r[i];
  return sum;
}
