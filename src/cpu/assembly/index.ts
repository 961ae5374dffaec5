// The CPU engine's kernels: AssemblyScript compiled to WebAssembly SIMD at build time
// (scripts/build-wasm.mjs), one kernel family per file. Every kernel works on byte offsets into
// the model's one memory, laid out by src/cpu/arena.ts; none allocates. A kernel a thread pool
// splits takes its range [begin, end) of one independent dimension as its last two arguments,
// and each output is summed by one thread in one order whatever the split, so 1 thread and 8
// give the same bits.
export { heap_base } from './memory';
export { activation_forward, activation_backward } from './activation';
export { softmax_xent, softmax_evaluate, softmax_probabilities } from './loss';
export { adam_update, sgd_update } from './optimizers';
export { gemm } from './gemm';
export { simd_peak } from './peak';
export { bias_grad } from './bias-grad';
export { maxpool_forward, maxpool_backward, avgpool_forward, avgpool_backward, globalavgpool_forward, globalavgpool_backward } from './pool';
export { batchnorm_train, batchnorm_eval, batchnorm_backward, batchnorm_eval_backward } from './batchnorm';
export { dropout_apply } from './dropout';
export { conv2d_forward, conv2d_patches_t, conv2d_filter_grad, conv2d_input_grad } from './conv2d';
export { transpose } from './transpose';
export { lstm_swap_rows, lstm_cell_forward, lstm_cell_backward, lstm_bias_grad } from './lstm';
export { conv2d_winograd_filter, conv2d_winograd_filter_t, conv2d_winograd_forward } from './conv2d-winograd';
export { conv2d_image_patches_t } from './conv2d';
