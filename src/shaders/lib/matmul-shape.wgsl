// The GEMM's shape and epilogue, appended to both GEMM kernels (matmul.wgsl, matmul-vec4.wgsl):
// C[M,N] = activate(op(A) · op(B) (+ bias[N])), row-major, where op(A) is A[M,K], or A stored as
// [K,M] when TRANS_A, and op(B) is B[K,N], or B stored as [N,K] when TRANS_B. activate() is
// activation.wgsl.
override M: u32;
override N: u32;
override K: u32;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override BIAS: bool = false;
override ACTIVATION: u32 = 0u;
// With SPLIT, workgroup z sums only the K_CHUNK terms from z·K_CHUNK and writes its raw slice of
// C to c[z·M·N …] (scratch); split-k-reduce.wgsl sums the slices and applies the epilogue.
override SPLIT: bool = false;
// A multiple of the kernel's K step (matmul.wgsl's TK, or 4 for vec4 reads), so a step never
// straddles two chunks.
override K_CHUNK: u32 = K;
// The software entry points' workgroup, as wide along N as N allows (src/gpu/kernels/matmul-plan.ts).
override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;
