// Max pooling over NCHW with a square window, no padding ("valid").
// forward: one invocation per row of outputs; records the flat index into x of each window's
//   max (first one on ties), which the backward pass reads instead of searching again.
// backward: one invocation per dx element, a gather over the outputs whose windows cover it,
//   so overlapping windows (stride < size) need no atomics and dx is fully overwritten.
// backwardTiles: when the windows tile x exactly (stride = size, no leftover rows or columns),
//   one invocation per row of outputs writes their whole windows: the gradient at the argmax,
//   0 elsewhere.
// backwardDisjoint: windows that do not overlap (stride ≥ size) but leave rows or columns
//   uncovered (7×7 under 2×2/2): one invocation per dx element reads the one window that can
//   cover it, without the gather's loops over ranges.
// forward and backwardTiles step through a row's windows rather than decode each output's place:
// on SwiftShader faster than one invocation per output (docs/ENGINE-KERNELS-NOTES.md). All walk their elements or rows in a grid-stride loop, so any size fits
// the workgroup-count limit.
// Each backward also undoes the activation fused into the layer before (ACTIVATION, from its
// output xIn at the argmax): an input that is no window's maximum gets 0 either way, so this
// spares that layer a pass over all its outputs (activation-backward.wgsl). activationGrad is
// appended from activation.wgsl.

override BATCH: u32;
override CHANNELS: u32;
override IN_H: u32;
override IN_W: u32;
override SIZE: u32;
override STRIDE: u32;
override OUT_H: u32;
override OUT_W: u32;
override ACTIVATION: u32 = 0u;

const WG: u32 = 256u;

// Each entry point binds only its own variables, so the two sets share binding numbers.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> argmaxOut: array<u32>;

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> argmaxIn: array<u32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<storage, read> xIn: array<f32>;

// The gradient g at input i, through the activation before the pool.
fn undo(g: f32, i: u32) -> f32 {
  if (ACTIVATION == 0u) { return g; }
  return activationGrad(g, xIn[i]);
}

// Flat index i of an NCHW map of width w and height h as (column, row, plane).
fn position(i: u32, w: u32, h: u32) -> vec3u {
  return vec3u(i % w, (i / w) % h, i / (w * h));
}

// Where row `row` of outputs (its plane and output row) has its first window's corner in x.
fn rowCorner(row: u32) -> u32 {
  let plane = row / OUT_H;
  return (plane * IN_H + (row - plane * OUT_H) * STRIDE) * IN_W;
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var row = gid.x; row < BATCH * CHANNELS * OUT_H; row += nwg.x * WG) {
    var corner = rowCorner(row);
    var o = row * OUT_W;
    for (var ow = 0u; ow < OUT_W; ow++) {
      var best = x[corner];
      var bestAt = corner;
      if (SIZE == 2u) {
        // The common window written out: SwiftShader pays for every loop trip and branch.
        best = pick(best, bestAt, corner + 1u, &bestAt);
        best = pick(best, bestAt, corner + IN_W, &bestAt);
        best = pick(best, bestAt, corner + IN_W + 1u, &bestAt);
      } else {
        for (var ky = 0u; ky < SIZE; ky++) {
          for (var kx = 0u; kx < SIZE; kx++) {
            best = pick(best, bestAt, corner + ky * IN_W + kx, &bestAt);
          }
        }
      }
      out[o] = best;
      argmaxOut[o] = bestAt;
      o += 1u;
      corner += STRIDE;
    }
  }
}

// The larger of best and x[i], moving *at to i only when x[i] is strictly greater: the first
// maximum in row-major window order wins a tie.
fn pick(best: f32, at: u32, i: u32, atOut: ptr<function, u32>) -> f32 {
  let v = x[i];
  let greater = v > best;
  *atOut = select(at, i, greater);
  return select(best, v, greater);
}

// The outputs along one axis whose windows cover input coordinate `i`: [first, last].
fn coveringRange(i: u32, outLen: u32) -> vec2u {
  // o·STRIDE ≤ i < o·STRIDE + SIZE  ⇔  ceil((i − SIZE + 1) / STRIDE) ≤ o ≤ floor(i / STRIDE)
  var first = 0u;
  if (i + 1u > SIZE) {
    first = (i + 1u - SIZE + STRIDE - 1u) / STRIDE;
  }
  let last = min(i / STRIDE, outLen - 1u);
  return vec2u(first, last);
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = BATCH * CHANNELS * IN_H * IN_W;
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let place = position(i, IN_W, IN_H);
    let w = place.x;
    let h = place.y;
    let plane = place.z;
    let rows = coveringRange(h, OUT_H);
    let cols = coveringRange(w, OUT_W);
    var sum = 0.0;
    // An empty range (first > last) skips the loop: inputs no window reaches get zero.
    for (var oh = rows.x; oh <= rows.y; oh++) {
      for (var ow = cols.x; ow <= cols.y; ow++) {
        let o = (plane * OUT_H + oh) * OUT_W + ow;
        if (argmaxIn[o] == i) {
          sum += dy[o];
        }
      }
    }
    dx[i] = undo(sum, i);
  }
}

@compute @workgroup_size(WG)
fn backwardTiles(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var row = gid.x; row < BATCH * CHANNELS * OUT_H; row += nwg.x * WG) {
    // Tiles: STRIDE = SIZE.
    var corner = rowCorner(row);
    var o = row * OUT_W;
    for (var ow = 0u; ow < OUT_W; ow++) {
      let at = argmaxIn[o];
      let g = undo(dy[o], at);
      if (SIZE == 2u) {
        dx[corner] = select(0.0, g, corner == at);
        dx[corner + 1u] = select(0.0, g, corner + 1u == at);
        dx[corner + IN_W] = select(0.0, g, corner + IN_W == at);
        dx[corner + IN_W + 1u] = select(0.0, g, corner + IN_W + 1u == at);
      } else {
        for (var ky = 0u; ky < SIZE; ky++) {
          for (var kx = 0u; kx < SIZE; kx++) {
            let i = corner + ky * IN_W + kx;
            dx[i] = select(0.0, g, i == at);
          }
        }
      }
      o += 1u;
      corner += STRIDE;
    }
  }
}

@compute @workgroup_size(WG)
fn backwardDisjoint(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = BATCH * CHANNELS * IN_H * IN_W;
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let place = position(i, IN_W, IN_H);
    let w = place.x;
    let h = place.y;
    let plane = place.z;
    let oh = h / STRIDE;
    let ow = w / STRIDE;
    var g = 0.0;
    // Window (oh, ow) is the only one that can hold i; its argmax says whether it does.
    if (oh < OUT_H && ow < OUT_W) {
      let o = (plane * OUT_H + oh) * OUT_W + ow;
      if (argmaxIn[o] == i) {
        g = undo(dy[o], i);
      }
    }
    dx[i] = g;
  }
}
