// The seed of a saliency backward pass on the CPU, the oracle for the argmax-one-hot kernel: per
// row, 1 at the first largest logit, 0 elsewhere.

export function argmaxOneHot(logits: ArrayLike<number>, batch: number, classes: number): Float32Array {
  const seed = new Float32Array(batch * classes);
  for (let b = 0; b < batch; b++) {
    const base = b * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[base + c] > logits[base + best]) best = c;
    seed[base + best] = 1;
  }
  return seed;
}
