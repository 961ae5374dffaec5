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
}

export type KernelName = Exclude<keyof KernelExports, 'heap_base'>;
