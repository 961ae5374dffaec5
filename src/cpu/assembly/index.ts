// The CPU engine's kernels: AssemblyScript compiled to WebAssembly SIMD at build time
// (scripts/build-wasm.mjs), one kernel family per file. Every kernel works on byte offsets into
// the model's one memory, laid out by src/cpu/arena.ts; none allocates. A kernel a thread pool
// splits takes its range [begin, end) of one independent dimension as its last two arguments,
// and each output is summed by one thread in one order whatever the split, so 1 thread and 8
// give the same bits.
export { heap_base } from './memory';
export { activation_forward, activation_backward } from './activation';
export { gemm } from './gemm';
