// Average pooling over NCHW, no padding ("valid"). Window and stride differ per axis, so global
// average pooling is the same kernel with the window set to the whole map.
// forward: one invocation per output sums its window.
// forwardReduce: one workgroup per output, for wide windows (global pooling of a large map),
//   where a lone invocation would walk hundreds of elements while most of the GPU idles.
// backward: one invocation per dx element, a gather over the outputs whose windows cover it,
//   so overlapping windows need no atomics and dx is fully overwritten.
// All walk their outputs or inputs in a grid-stride loop, so any size fits the workgroup-count limit.

override BATCH: u32;
override CHANNELS: u32;
override IN_H: u32;
override IN_W: u32;
override WIN_H: u32;
override WIN_W: u32;
override STRIDE_H: u32;
override STRIDE_W: u32;
override OUT_H: u32;
override OUT_W: u32;

const WG: u32 = 256u;
// Power of two: the tree reduction halves it.
const REDUCE_WG: u32 = 64u;

// Each entry point binds only its own variables, so the two sets share binding numbers.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;

var<workgroup> partial: array<f32, REDUCE_WG>;

// Flat index into x of output o's top-left window element.
fn windowCorner(o: u32) -> u32 {
  let ow = o % OUT_W;
  let oh = (o / OUT_W) % OUT_H;
  let plane = o / (OUT_W * OUT_H);
  return plane * IN_H * IN_W + oh * STRIDE_H * IN_W + ow * STRIDE_W;
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = BATCH * CHANNELS * OUT_H * OUT_W;
  let area = f32(WIN_H * WIN_W);
  for (var o = gid.x; o < total; o += nwg.x * WG) {
    let corner = windowCorner(o);
    var sum = 0.0;
    for (var ky = 0u; ky < WIN_H; ky++) {
      for (var kx = 0u; kx < WIN_W; kx++) {
        sum += x[corner + ky * IN_W + kx];
      }
    }
    out[o] = sum / area;
  }
}

@compute @workgroup_size(REDUCE_WG)
fn forwardReduce(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let total = BATCH * CHANNELS * OUT_H * OUT_W;
  let count = WIN_H * WIN_W;
  // o is uniform across the workgroup, so the barriers inside the loop are too.
  for (var o = wid.x; o < total; o += nwg.x) {
    let corner = windowCorner(o);
    // Neighbouring invocations read neighbouring elements of a window row.
    var sum = 0.0;
    for (var k = lid; k < count; k += REDUCE_WG) {
      sum += x[corner + (k / WIN_W) * IN_W + k % WIN_W];
    }
    partial[lid] = sum;
    workgroupBarrier();
    for (var span = REDUCE_WG / 2u; span > 0u; span >>= 1u) {
      if (lid < span) {
        partial[lid] += partial[lid + span];
      }
      workgroupBarrier();
    }
    // After the last barrier each invocation touches only its own slot, so the next output's
    // writes cannot race this read.
    if (lid == 0u) {
      out[o] = partial[0] / f32(count);
    }
  }
}

// The outputs along one axis whose windows cover input coordinate `i`: [first, last].
fn coveringRange(i: u32, win: u32, stride: u32, outLen: u32) -> vec2u {
  // o·stride ≤ i < o·stride + win  ⇔  ceil((i − win + 1) / stride) ≤ o ≤ floor(i / stride)
  var first = 0u;
  if (i + 1u > win) {
    first = (i + 1u - win + stride - 1u) / stride;
  }
  let last = min(i / stride, outLen - 1u);
  return vec2u(first, last);
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = BATCH * CHANNELS * IN_H * IN_W;
  let area = f32(WIN_H * WIN_W);
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let w = i % IN_W;
    let h = (i / IN_W) % IN_H;
    let plane = i / (IN_W * IN_H);
    let rows = coveringRange(h, WIN_H, STRIDE_H, OUT_H);
    let cols = coveringRange(w, WIN_W, STRIDE_W, OUT_W);
    var sum = 0.0;
    // An empty range (first > last) skips the loop: inputs no window reaches get zero.
    for (var oh = rows.x; oh <= rows.y; oh++) {
      for (var ow = cols.x; ow <= cols.y; ow++) {
        sum += dy[(plane * OUT_H + oh) * OUT_W + ow];
      }
    }
    dx[i] = sum / area;
  }
}
