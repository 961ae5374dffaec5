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
  /**
   * Rows [begin, end) of C[M×N] = act((accumulate ? C : 0) + bias + op(A)·op(B)). A stored [M, K]
   * ([K, M] when transA = 1), B [K, N] ([N, K] when transB = 1), C [M, N], all row-major; bias: 0
   * for none, else N floats added to every row; act: activationCode. Each element is summed over
   * k in increasing order in one lane, so any split of the rows gives the same bits.
   */
  gemm(
    transA: number,
    transB: number,
    M: number,
    N: number,
    K: number,
    a: number,
    b: number,
    c: number,
    bias: number,
    act: number,
    accumulate: number,
    begin: number,
    end: number,
  ): void;
  /**
   * db[c] = Σ dy[o, c, i] over o < outer and i < inner (dy viewed [outer, channels, inner]), for
   * channels [begin, end).
   */
  bias_grad(dy: number, db: number, outer: number, channels: number, inner: number, begin: number, end: number): void;
  /**
   * y = act(conv(x, w) + bias), NCHW, for images [begin, end): x [batch, inC, inH, inW], w [outC,
   * inC, k, k], bias outC floats or 0, y [batch, outC, outH, outW]. cols: scratch of inC·k·k·outH·outW
   * floats a slot for the patches (unused for a 1×1 filter at stride 1); grain 0: batch slots, each
   * image's patches kept for the backward; grain > 0: ranges are whole multiples of grain (pass it
   * to Run.parallel) and a range works in slot begin / grain, so ⌈batch / grain⌉ slots suffice.
   * padTop, padLeft, outH, outW: conv2dGeometry's.
   */
  conv2d_forward(
    x: number,
    w: number,
    bias: number,
    y: number,
    cols: number,
    grain: number,
    inC: number,
    inH: number,
    inW: number,
    outC: number,
    k: number,
    stride: number,
    padTop: number,
    padLeft: number,
    outH: number,
    outW: number,
    act: number,
    begin: number,
    end: number,
  ): void;
  /**
   * U [16, outC, inC] = G·g·Gᵀ of each 3×3 filter of w [outC, inC, 3, 3] (Winograd F(2×2, 3×3),
   * src/cpu/assembly/conv2d-winograd.ts), for output channels [begin, end).
   */
  conv2d_winograd_filter(w: number, u: number, inC: number, outC: number, begin: number, end: number): void;
  /**
   * U [16, inC, outC] for the input gradient by Winograd, for input channels [begin, end): each
   * filter of w [outC, inC, 3, 3] turned 180° with its channels swapped, transformed; then
   * conv2d_winograd_forward(dy → dx, inC and outC swapped, padding 2 − padTop, 2 − padLeft) is dx.
   */
  conv2d_winograd_filter_t(w: number, u: number, inC: number, outC: number, begin: number, end: number): void;
  /**
   * conv2d_forward for a 3×3 filter at stride 1 by Winograd F(2×2, 3×3) from u (conv2d_winograd_filter's),
   * images [begin, end): ranges whole multiples of grain (≥ 1), a range working in slot begin / grain
   * of scratch (winogradSlotFloats(inC, outC, outH, outW, chunk) floats a slot), chunk ≤ grain
   * images a GEMM.
   */
  conv2d_winograd_forward(
    x: number,
    u: number,
    bias: number,
    y: number,
    scratch: number,
    chunk: number,
    grain: number,
    inC: number,
    inH: number,
    inW: number,
    outC: number,
    padTop: number,
    padLeft: number,
    outH: number,
    outW: number,
    act: number,
    begin: number,
    end: number,
  ): void;
  /**
   * colsT slot b [P, ckk] = image b's patches transposed (what conv2d_patches_t makes of
   * conv2d_forward's cols), cut from x through cols slot b, for images [begin, end): for the
   * filter gradient of a layer whose forward kept no patches (Winograd).
   */
  conv2d_image_patches_t(
    x: number,
    cols: number,
    colsT: number,
    inC: number,
    inH: number,
    inW: number,
    k: number,
    stride: number,
    padTop: number,
    padLeft: number,
    outH: number,
    outW: number,
    begin: number,
    end: number,
  ): void;
  /**
   * colsT [batch, P, ckk] = each image's patches transposed, for images [begin, end): patches are
   * conv2d_forward's cols (x itself for a 1×1 filter at stride 1), ckk·P floats an image, ckk =
   * inC·k·k, P = outH·outW.
   */
  conv2d_patches_t(patches: number, colsT: number, ckk: number, P: number, begin: number, end: number): void;
  /**
   * dw [outC, ckk] = Σ over the batch's images in order of dy_b·colsT_b, for output channels
   * [begin, end); colsT: conv2d_patches_t's; dy [batch, outC, P] w.r.t. the pre-activation.
   */
  conv2d_filter_grad(dy: number, colsT: number, dw: number, batch: number, outC: number, ckk: number, P: number, begin: number, end: number): void;
  /**
   * dx = the input gradient of conv2d_forward for images [begin, end), from dy w.r.t. the
   * pre-activation; dcols: the forward's cols (overwritten: call it after conv2d_patches_t), a
   * range working in slot begin / grain, ranges whole multiples of grain (≥ 1).
   */
  conv2d_input_grad(
    dy: number,
    w: number,
    dx: number,
    dcols: number,
    grain: number,
    inC: number,
    inH: number,
    inW: number,
    outC: number,
    k: number,
    stride: number,
    padTop: number,
    padLeft: number,
    outH: number,
    outW: number,
    begin: number,
    end: number,
  ): void;
  /** dst [cols, rows] = srcᵀ for src [rows, cols] row-major, source rows [begin, end). */
  transpose(src: number, dst: number, rows: number, cols: number, begin: number, end: number): void;
  /** The f32x4 multiply-add peak loop (src/cpu/profile.ts times it): 96 flops an iteration; returns a sum to keep the loop. */
  simd_peak(iterations: number): number;

  // Pooling (src/cpu/assembly/pool.ts): NCHW, [begin, end) over (image, channel) planes.
  /** Valid max pooling; argmax (0: not kept) gets each output's index inside its plane (i32). */
  maxpool_forward(
    x: number,
    y: number,
    argmax: number,
    inH: number,
    inW: number,
    size: number,
    stride: number,
    outH: number,
    outW: number,
    begin: number,
    end: number,
  ): void;
  /** dx = 0, then dy added at each output's argmax, planes [begin, end). */
  maxpool_backward(dy: number, argmax: number, dx: number, inPlane: number, outPlane: number, begin: number, end: number): void;
  /** Valid average pooling over winH×winW windows. */
  avgpool_forward(
    x: number,
    y: number,
    inH: number,
    inW: number,
    winH: number,
    winW: number,
    strideH: number,
    strideW: number,
    outH: number,
    outW: number,
    begin: number,
    end: number,
  ): void;
  /** dx = 0, then dy/area spread over each window. */
  avgpool_backward(
    dy: number,
    dx: number,
    inH: number,
    inW: number,
    winH: number,
    winW: number,
    strideH: number,
    strideW: number,
    outH: number,
    outW: number,
    begin: number,
    end: number,
  ): void;
  /** y[plane] = the mean of the plane's `area` values. */
  globalavgpool_forward(x: number, y: number, area: number, begin: number, end: number): void;
  /** dx[plane, :] = dy[plane]/area. */
  globalavgpool_backward(dy: number, dx: number, area: number, begin: number, end: number): void;
  // Batch norm (src/cpu/assembly/batchnorm.ts): x [batch, channels, inner], [begin, end) over channels.
  /** Training forward: saved = [mean (C), invStd (C)], y = act(γ·x̂ + β), running statistics updated in place. */
  batchnorm_train(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    saved: number,
    runningMean: number,
    runningVar: number,
    batch: number,
    channels: number,
    inner: number,
    epsilon: number,
    momentum: number,
    act: number,
    begin: number,
    end: number,
  ): void;
  /** Reading forward through the running statistics. */
  batchnorm_eval(
    x: number,
    gamma: number,
    beta: number,
    runningMean: number,
    runningVar: number,
    y: number,
    batch: number,
    channels: number,
    inner: number,
    epsilon: number,
    act: number,
    begin: number,
    end: number,
  ): void;
  /** Training backward: writes dγ, dβ and (dx ≠ 0) dx. */
  batchnorm_backward(
    x: number,
    dy: number,
    gamma: number,
    saved: number,
    dx: number,
    dgamma: number,
    dbeta: number,
    batch: number,
    channels: number,
    inner: number,
    begin: number,
    end: number,
  ): void;
  /** Reading backward (saliency): dx = dy·γ/√(running var + ε). */
  batchnorm_eval_backward(
    dy: number,
    gamma: number,
    runningVar: number,
    dx: number,
    batch: number,
    channels: number,
    inner: number,
    epsilon: number,
    begin: number,
    end: number,
  ): void;
  // Dropout (src/cpu/assembly/dropout.ts): [begin, end) over elements of [batch, units].
  /** out = keep ? v·scale : 0, kept iff dropoutHash(key, b, i) ≥ threshold (u32); threshold 0 keeps all without drawing. */
  dropout_apply(v: number, out: number, units: number, key: number, threshold: number, scale: number, begin: number, end: number): void;
  // LSTM (src/cpu/assembly/lstm.ts): the element-wise parts; its products run on gemm.
  /** dst [Q, P, F] = src [P, Q, F], the first two axes swapped; [begin, end) over dst's Q·P rows. */
  lstm_swap_rows(src: number, dst: number, P: number, Q: number, F: number, begin: number, end: number): void;
  /** One step forward, batch rows [begin, end): z [rows, 4H] → gates in place, c (cPrev 0: zeros), h, and y (0: none) at row stride yStride. */
  lstm_cell_forward(z: number, cPrev: number, c: number, h: number, y: number, H: number, yStride: number, begin: number, end: number): void;
  /** One step back through time, batch rows [begin, end): dgates [rows, 4H] from dhNext (carry 0: none), dy (0: none) and dc, which becomes dc·f in place. */
  lstm_cell_backward(
    gates: number,
    cPrev: number,
    c: number,
    dy: number,
    dyStride: number,
    dhNext: number,
    dc: number,
    dgates: number,
    H: number,
    carry: number,
    begin: number,
    end: number,
  ): void;
  /** db = Σ over `rows` rows of dgates [rows, G], in row order; [begin, end) over the G columns. */
  lstm_bias_grad(dgates: number, db: number, rows: number, G: number, begin: number, end: number): void;
}

export type KernelName = Exclude<keyof KernelExports, 'heap_base' | 'simd_peak'>;
