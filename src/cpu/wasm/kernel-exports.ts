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
}

export type KernelName = Exclude<keyof KernelExports, 'heap_base'>;
