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
}

export type KernelName = Exclude<keyof KernelExports, 'heap_base' | 'simd_peak'>;
