// A 4 × 8 block of sums held in registers, and up to four of them side by side (Acc8x4), shared
// by the software kernels that append this file (the `software` entries of matmul.wgsl,
// matmul-vec4.wgsl and conv2d-grad-filter.wgsl, conv2d-software.wgsl). Named fields rather than
// an indexed array: SwiftShader keeps a dynamically indexed private array in memory.
// Row i of the block is (l_i, h_i): columns 0 … 3 and 4 … 7.
struct Acc8 {
  l0: vec4<f32>,
  l1: vec4<f32>,
  l2: vec4<f32>,
  l3: vec4<f32>,
  h0: vec4<f32>,
  h1: vec4<f32>,
  h2: vec4<f32>,
  h3: vec4<f32>,
}

fn acc8Zero() -> Acc8 {
  let z = vec4(0.0);
  return Acc8(z, z, z, z, z, z, z, z);
}

// acc += aᵀ·(lo, hi): one term of the outer-product sum, 32 multiply-adds.
fn acc8Add(acc: Acc8, a: vec4<f32>, lo: vec4<f32>, hi: vec4<f32>) -> Acc8 {
  return Acc8(
    acc.l0 + a.x * lo,
    acc.l1 + a.y * lo,
    acc.l2 + a.z * lo,
    acc.l3 + a.w * lo,
    acc.h0 + a.x * hi,
    acc.h1 + a.y * hi,
    acc.h2 + a.z * hi,
    acc.h3 + a.w * hi,
  );
}

// An invocation's 8 × 16 sums as four 4 × 8 blocks: rows 0 … 3 by columns 0 … 7 (a) and 8 … 15
// (b), rows 4 … 7 likewise (c, d). A kernel keeping fewer leaves the others at zero, unread.
struct Acc8x4 {
  a: Acc8,
  b: Acc8,
  c: Acc8,
  d: Acc8,
}
