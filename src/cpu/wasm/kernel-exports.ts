// The kernels' exports as TypeScript sees them (src/cpu/assembly/index.ts): pointers are byte
// offsets into the model's memory, counts are element counts. A kernel a thread pool may split
// ends with (begin, end): see Run.parallel in src/cpu/run.ts.

export interface KernelExports {
  /** The first byte after the module's static data. */
  heap_base(): number;
  /** y = f(y) in place, elements [begin, end). code: src/model/activation.ts's activationCode. */
  activation_forward(code: number, y: number, begin: number, end: number): void;
  /** dy = dy · f′(y) in place, elements [begin, end). */
  activation_backward(code: number, y: number, dy: number, begin: number, end: number): void;
  /**
   * Training rows [begin, end) of logits [batch, classes]: dlogits = (softmax − target) / batch,
   * rowLoss[b] the smoothed cross-entropy, rowCorrect[b] 1 or 0 (u32); labels are u32.
   */
  softmax_xent(
    classes: number,
    batch: number,
    smoothing: number,
    logits: number,
    labels: number,
    dlogits: number,
    rowLoss: number,
    rowCorrect: number,
    begin: number,
    end: number,
  ): void;
  /** Reading rows [begin, end): each row's loss against its label, and its prediction (u32). */
  softmax_evaluate(classes: number, logits: number, labels: number, rowLoss: number, predictions: number, begin: number, end: number): void;
  /** probs = softmax(logits), rows [begin, end). */
  softmax_probabilities(classes: number, logits: number, probs: number, begin: number, end: number): void;
  /** Keras' Adam over parameters [begin, end); lrT = lr·√(1 − β2^t)/(1 − β1^t). */
  adam_update(params: number, grads: number, m: number, v: number, lrT: number, b1: number, b2: number, eps: number, begin: number, end: number): void;
  /** SGD with momentum over parameters [begin, end). */
  sgd_update(params: number, grads: number, velocity: number, lr: number, momentum: number, begin: number, end: number): void;
}

export type KernelName = Exclude<keyof KernelExports, 'heap_base'>;
