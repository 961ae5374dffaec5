// Batch normalization over x viewed as [BATCH, CHANNELS, INNER] (conv: INNER = H·W; dense:
// CHANNELS = features, INNER = 1). Statistics are per channel over its N = BATCH·INNER elements.
// saved = [mean (CHANNELS), invStd (CHANNELS)], written in training and read by the backward pass.
//
// trainStats / trainStatsSerial: batch mean, then the biased variance from a second pass over
//   Σ(x − mean)² (no Σx² − N·mean² cancellation); they also update the running statistics.
//   trainStats: one workgroup per channel (long sums); trainStatsSerial: one invocation per
//   channel, no barriers (short sums such as a dense layer's batch, and software adapters;
//   neighbours read neighbouring channels, so dense reads coalesce).
// trainNormalize / evalNormalize: element-wise y = activate(gamma·(x − mean)·invStd + beta).
// backwardReduce / backwardReduceSerial: dbeta = Σ dy, dgamma = Σ dy·x̂, split as the stats are.
// backwardDx: element-wise dx = gamma·invStd·(dy − dbeta/N − x̂·dgamma/N).
// Element-wise entry points walk a grid-stride loop, so any size fits the workgroup-count limit.
// activate() is activation.wgsl, appended.

override BATCH: u32;
override CHANNELS: u32;
override INNER: u32;
override EPSILON: f32 = 1e-3;
override MOMENTUM: f32 = 0.99;
override ACTIVATION: u32 = 0u;

const WG: u32 = 256u;
const SERIAL_WG: u32 = 64u;
// WG = ROOT², for the two-level reduction below.
const ROOT: u32 = 16u;

// Each entry point binds only its own variables, so the sets share binding numbers.
@group(0) @binding(0) var<storage, read> x: array<f32>;

// trainStats*
@group(0) @binding(1) var<storage, read_write> savedOut: array<f32>;
@group(0) @binding(2) var<storage, read_write> runningMean: array<f32>;
@group(0) @binding(3) var<storage, read_write> runningVar: array<f32>;

// trainNormalize, evalNormalize
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read> normSaved: array<f32>;
@group(0) @binding(4) var<storage, read> evalMean: array<f32>;
@group(0) @binding(5) var<storage, read> evalVar: array<f32>;

// backwardReduce*, backwardDx
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> bwdSaved: array<f32>;
@group(0) @binding(3) var<storage, read_write> dgammaOut: array<f32>;
@group(0) @binding(4) var<storage, read_write> dbetaOut: array<f32>;
@group(0) @binding(3) var<storage, read> dxGamma: array<f32>;
@group(0) @binding(4) var<storage, read> dgammaIn: array<f32>;
@group(0) @binding(5) var<storage, read> dbetaIn: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;

var<workgroup> partial: array<vec2f, WG>;
var<workgroup> rows: array<vec2f, ROOT>;

fn count() -> u32 {
  return BATCH * INNER;
}

// The k-th of channel c's elements (k < N), batch-major: consecutive k are consecutive in memory
// within a sample, so a workgroup's reads coalesce when INNER is large.
fn at(c: u32, k: u32) -> u32 {
  let b = k / INNER;
  return (b * CHANNELS + c) * INNER + (k - b * INNER);
}

fn channelOf(i: u32) -> u32 {
  return (i / INNER) % CHANNELS;
}

// The workgroup's total of v, returned to every invocation. Two levels of ROOT terms need two
// barriers, where a halving tree needs log2(WG). A next call rewrites `rows` only after its first
// barrier, which every invocation reaches after reading it, so back-to-back calls need no third.
fn workgroupSum(lid: u32, v: vec2f) -> vec2f {
  partial[lid] = v;
  workgroupBarrier();
  if (lid < ROOT) {
    var s = vec2f(0.0);
    // Stride ROOT: neighbouring invocations read neighbouring words.
    for (var j = 0u; j < ROOT; j++) {
      s += partial[j * ROOT + lid];
    }
    rows[lid] = s;
  }
  workgroupBarrier();
  var total = vec2f(0.0);
  for (var j = 0u; j < ROOT; j++) {
    total += rows[j];
  }
  return total;
}

fn storeStats(c: u32, mean: f32, variance: f32) {
  savedOut[c] = mean;
  savedOut[CHANNELS + c] = 1.0 / sqrt(variance + EPSILON);
  // The running variance takes the unbiased estimate (as PyTorch); one element has none, so the
  // biased 0 stands in rather than 0/0.
  let n = f32(count());
  let unbiased = select(variance, variance * n / (n - 1.0), count() > 1u);
  runningMean[c] = MOMENTUM * runningMean[c] + (1.0 - MOMENTUM) * mean;
  runningVar[c] = MOMENTUM * runningVar[c] + (1.0 - MOMENTUM) * unbiased;
}

@compute @workgroup_size(WG)
fn trainStats(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let c = wid.x;
  let n = count();
  // Four independent sums keep four loads in flight per invocation.
  var s = vec4f(0.0);
  var k = lid;
  for (; k + 3u * WG < n; k += 4u * WG) {
    s += vec4f(x[at(c, k)], x[at(c, k + WG)], x[at(c, k + 2u * WG)], x[at(c, k + 3u * WG)]);
  }
  for (; k < n; k += WG) {
    s.x += x[at(c, k)];
  }
  let mean = workgroupSum(lid, vec2f(s.x + s.y + s.z + s.w, 0.0)).x / f32(n);
  var q = vec4f(0.0);
  k = lid;
  for (; k + 3u * WG < n; k += 4u * WG) {
    let d = vec4f(x[at(c, k)], x[at(c, k + WG)], x[at(c, k + 2u * WG)], x[at(c, k + 3u * WG)]) - mean;
    q += d * d;
  }
  for (; k < n; k += WG) {
    let d = x[at(c, k)] - mean;
    q.x += d * d;
  }
  let variance = workgroupSum(lid, vec2f(q.x + q.y + q.z + q.w, 0.0)).x / f32(n);
  if (lid == 0u) {
    storeStats(c, mean, variance);
  }
}

@compute @workgroup_size(SERIAL_WG)
fn trainStatsSerial(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  // Each sample's run is summed apart and then added in: rounding grows with INNER + BATCH
  // rather than with their product.
  var s = 0.0;
  for (var b = 0u; b < BATCH; b++) {
    let row = (b * CHANNELS + c) * INNER;
    var r = 0.0;
    for (var i = 0u; i < INNER; i++) {
      r += x[row + i];
    }
    s += r;
  }
  let mean = s / f32(count());
  var q = 0.0;
  for (var b = 0u; b < BATCH; b++) {
    let row = (b * CHANNELS + c) * INNER;
    var r = 0.0;
    for (var i = 0u; i < INNER; i++) {
      let d = x[row + i] - mean;
      r += d * d;
    }
    q += r;
  }
  storeStats(c, mean, q / f32(count()));
}

// trainStatsSerial over vec4s, for INNER a multiple of 4: a quarter of the loads, which a
// software adapter pays for one at a time.
@compute @workgroup_size(SERIAL_WG)
fn trainStatsSerial4(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let q4 = INNER / 4u;
  var s = 0.0;
  for (var b = 0u; b < BATCH; b++) {
    let row = (b * CHANNELS + c) * q4;
    var r = vec4f(0.0);
    for (var i = 0u; i < q4; i++) {
      r += x4[row + i];
    }
    s += r.x + r.y + r.z + r.w;
  }
  let mean = s / f32(count());
  var q = 0.0;
  for (var b = 0u; b < BATCH; b++) {
    let row = (b * CHANNELS + c) * q4;
    var r = vec4f(0.0);
    for (var i = 0u; i < q4; i++) {
      let d = x4[row + i] - mean;
      r += d * d;
    }
    q += r.x + r.y + r.z + r.w;
  }
  storeStats(c, mean, q / f32(count()));
}

@compute @workgroup_size(WG)
fn trainNormalize(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = count() * CHANNELS;
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let c = channelOf(i);
    let scale = gamma[c] * normSaved[CHANNELS + c];
    y[i] = activate((x[i] - normSaved[c]) * scale + beta[c]);
  }
}

@compute @workgroup_size(WG)
fn evalNormalize(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = count() * CHANNELS;
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let c = channelOf(i);
    let scale = gamma[c] / sqrt(evalVar[c] + EPSILON);
    y[i] = activate((x[i] - evalMean[c]) * scale + beta[c]);
  }
}

// Σ dy and Σ dy·(x − mean); the latter times invStd is Σ dy·x̂, one multiply per channel.
fn storeGrads(c: u32, sums: vec2f) {
  dbetaOut[c] = sums.x;
  dgammaOut[c] = sums.y * bwdSaved[CHANNELS + c];
}

@compute @workgroup_size(WG)
fn backwardReduce(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let c = wid.x;
  let n = count();
  let mean = bwdSaved[c];
  var s0 = vec2f(0.0);
  var s1 = vec2f(0.0);
  var k = lid;
  for (; k + WG < n; k += 2u * WG) {
    let i0 = at(c, k);
    let i1 = at(c, k + WG);
    let g0 = dy[i0];
    let g1 = dy[i1];
    s0 += vec2f(g0, g0 * (x[i0] - mean));
    s1 += vec2f(g1, g1 * (x[i1] - mean));
  }
  if (k < n) {
    let i = at(c, k);
    let g = dy[i];
    s0 += vec2f(g, g * (x[i] - mean));
  }
  let sums = workgroupSum(lid, s0 + s1);
  if (lid == 0u) {
    storeGrads(c, sums);
  }
}

@compute @workgroup_size(SERIAL_WG)
fn backwardReduceSerial(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let mean = bwdSaved[c];
  var s = vec2f(0.0);
  for (var b = 0u; b < BATCH; b++) {
    let row = (b * CHANNELS + c) * INNER;
    var r = vec2f(0.0);
    for (var i = 0u; i < INNER; i++) {
      let g = dy[row + i];
      r += vec2f(g, g * (x[row + i] - mean));
    }
    s += r;
  }
  storeGrads(c, s);
}

// backwardReduceSerial over vec4s, for INNER a multiple of 4 (as trainStatsSerial4).
@compute @workgroup_size(SERIAL_WG)
fn backwardReduceSerial4(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let q4 = INNER / 4u;
  let mean = bwdSaved[c];
  var s = vec2f(0.0);
  for (var b = 0u; b < BATCH; b++) {
    let row = (b * CHANNELS + c) * q4;
    var g = vec4f(0.0);
    var gx = vec4f(0.0);
    for (var i = 0u; i < q4; i++) {
      let d = dy4[row + i];
      g += d;
      gx += d * (x4[row + i] - mean);
    }
    s += vec2f(g.x + g.y + g.z + g.w, gx.x + gx.y + gx.z + gx.w);
  }
  storeGrads(c, s);
}

@compute @workgroup_size(WG)
fn backwardDx(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = count() * CHANNELS;
  let invN = 1.0 / f32(count());
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let c = channelOf(i);
    let invStd = bwdSaved[CHANNELS + c];
    let xhat = (x[i] - bwdSaved[c]) * invStd;
    dx[i] = dxGamma[c] * invStd * (dy[i] - dbetaIn[c] * invN - xhat * dgammaIn[c] * invN);
  }
}

// The element-wise entry points over vec4s, for INNER a multiple of 4 (batchnorm.ts picks them):
// four neighbours share a channel, so its parameters are read once for four, and a software
// adapter pays per load and per loop trip.
@group(0) @binding(0) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> dx4: array<vec4<f32>>;

fn activate4(v: vec4<f32>) -> vec4<f32> {
  return vec4(activate(v.x), activate(v.y), activate(v.z), activate(v.w));
}

@compute @workgroup_size(WG)
fn trainNormalize4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = count() * CHANNELS / 4u;
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let c = channelOf(4u * i);
    let scale = gamma[c] * normSaved[CHANNELS + c];
    y4[i] = activate4((x4[i] - normSaved[c]) * scale + beta[c]);
  }
}

@compute @workgroup_size(WG)
fn evalNormalize4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = count() * CHANNELS / 4u;
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let c = channelOf(4u * i);
    let scale = gamma[c] / sqrt(evalVar[c] + EPSILON);
    y4[i] = activate4((x4[i] - evalMean[c]) * scale + beta[c]);
  }
}

@compute @workgroup_size(WG)
fn backwardDx4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = count() * CHANNELS / 4u;
  let invN = 1.0 / f32(count());
  for (var i = gid.x; i < total; i += nwg.x * WG) {
    let c = channelOf(4u * i);
    let invStd = bwdSaved[CHANNELS + c];
    let xhat = (x4[i] - bwdSaved[c]) * invStd;
    dx4[i] = dxGamma[c] * invStd * (dy4[i] - dbetaIn[c] * invN - xhat * dgammaIn[c] * invN);
  }
}
