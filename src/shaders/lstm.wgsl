// LSTM time steps (gate order i, f, g, o along the G = 4·UNITS axis; src/model/kinds/lstm.ts has
// the equations). The input projection x·W + b for every step, and after the loop the weight
// and input gradients, are matmul.wgsl GEMMs over all BATCH·STEPS rows; this file holds what must
// run step by step, one dispatch per step, and the step index those dispatches read.
//
// `seq` holds the whole sequence for the backward pass, rows (sample, step) in [BATCH, STEPS, ·]
// order, in three regions at 256-byte-aligned float offsets:
//   GATES [BATCH, STEPS, G]: the projection x·W + b, which forwardStep overwrites in place with
//         the gates after their nonlinearities;
//   CELLS [BATCH, STEPS, UNITS]: c_t;
//   HPREV [BATCH, STEPS, UNITS]: h_{t−1} (zeros at t = 0), the rows dU = HPREVᵀ·dG sums over.
//
// writeSteps: slot t of `steps` (256-byte stride, so each slot binds at an aligned offset) = t.
// forwardStep: one invocation per (unit j, four samples): the recurrent product h_{t−1}·U for
//   its four gate columns, the gates, c_t and h_t; h_t goes to HPREV's next row and to y.
// transposeU: Uᵀ [G, UNITS] for the backward steps, so that their reads of it coalesce.
// backwardStep: one invocation per (unit j, four samples), steps in reverse: dh_t = dy_t +
//   dG_{t+1}·Uᵀ[:, j], dc_t = dc_{t+1}·f_{t+1} + dh_t·o·(1 − tanh²c_t), then the four gate
//   gradients (w.r.t. pre-activations) into dgates and dc_t·f_t into `carry` for step t − 1.
// The step kernels hold four samples in the lanes of a vec4, so each weight they load serves four
// products (lanes past BATCH repeat the last sample and are not written). Each step reads only
// rows the previous dispatch wrote, so invocations of one dispatch never race.
//
// The vec4 step kernels for UNITS a multiple of 4 are lstm-vec4.wgsl; the overrides, sigmoid and
// tanhSafe are lstm-shared.wgsl, appended to both.

const SLOT_STRIDE: u32 = 64u; // floats: 256 bytes

const LANES: u32 = 4u;

// The samples of invocation row `quad`, lanes past BATCH on the last sample.
fn samplesOf(quad: u32) -> vec4u {
  return min(quad * LANES + vec4u(0u, 1u, 2u, 3u), vec4u(BATCH - 1u));
}

// Their rows (sample, t) of [BATCH, STEPS, ·].
fn rowsOf(quad: u32, t: u32) -> vec4u {
  return samplesOf(quad) * STEPS + t;
}

// How many of the quad's lanes are real samples.
fn lanesOf(quad: u32) -> u32 {
  return min(LANES, BATCH - quad * LANES);
}

@group(0) @binding(0) var<storage, read_write> slots: array<u32>;

@compute @workgroup_size(64)
fn writeSteps(@builtin(global_invocation_id) gid: vec3u) {
  let t = gid.x;
  if (t < STEPS) {
    slots[t * SLOT_STRIDE] = t;
  }
}

@group(0) @binding(0) var<storage, read> stepIndex: u32;
@group(0) @binding(1) var<storage, read> u: array<f32>;
@group(0) @binding(2) var<storage, read_write> seq: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

fn gather4(base: vec4u, offset: u32) -> vec4f {
  return vec4f(seq[base.x + offset], seq[base.y + offset], seq[base.z + offset], seq[base.w + offset]);
}

@compute @workgroup_size(WG_X, WG_Y)
fn forwardStep(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  let quad = gid.y;
  if (j >= UNITS || quad * LANES >= BATCH) { return; }
  let t = stepIndex;
  let H = UNITS;
  let G = 4u * H;
  let rows = rowsOf(quad, t);
  let g0 = GATES + rows * G + j;
  var zi = gather4(g0, 0u);
  var zf = gather4(g0, H);
  var zg = gather4(g0, 2u * H);
  var zo = gather4(g0, 3u * H);
  var cPrev = vec4f(0.0);
  if (t > 0u) {
    let h0 = HPREV + rows * H;
    for (var m = 0u; m < H; m++) {
      let hm = gather4(h0, m);
      let u0 = m * G + j;
      zi += hm * u[u0];
      zf += hm * u[u0 + H];
      zg += hm * u[u0 + 2u * H];
      zo += hm * u[u0 + 3u * H];
    }
    cPrev = gather4(CELLS + (rows - 1u) * H, j);
  }
  let i = sigmoid(zi);
  let f = sigmoid(zf);
  let g = tanhSafe(zg);
  let o = sigmoid(zo);
  let c = f * cPrev + i * g;
  let h = o * tanhSafe(c);
  for (var l = 0u; l < lanesOf(quad); l++) {
    let row = rows[l];
    let gl = g0[l];
    seq[gl] = i[l];
    seq[gl + H] = f[l];
    seq[gl + 2u * H] = g[l];
    seq[gl + 3u * H] = o[l];
    seq[CELLS + row * H + j] = c[l];
    if (t == 0u) {
      seq[HPREV + row * H + j] = 0.0;
    }
    if (t + 1u < STEPS) {
      seq[HPREV + (row + 1u) * H + j] = h[l];
    }
    if (SEQUENCES) {
      y[row * H + j] = h[l];
    } else if (t + 1u == STEPS) {
      y[(quad * LANES + l) * H + j] = h[l];
    }
  }
}

@group(0) @binding(0) var<storage, read> uIn: array<f32>;
@group(0) @binding(1) var<storage, read_write> uT: array<f32>;

@compute @workgroup_size(64)
fn transposeU(@builtin(global_invocation_id) gid: vec3u) {
  let k = gid.x;
  let j = gid.y;
  let G = 4u * UNITS;
  if (k < G && j < UNITS) {
    uT[k * UNITS + j] = uIn[j * G + k];
  }
}

@group(0) @binding(0) var<storage, read> stepIndexB: u32;
@group(0) @binding(1) var<storage, read> ut: array<f32>;
@group(0) @binding(2) var<storage, read> seqB: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dgates: array<f32>;
@group(0) @binding(5) var<storage, read_write> carry: array<f32>;

fn gatherB(base: vec4u, offset: u32) -> vec4f {
  return vec4f(seqB[base.x + offset], seqB[base.y + offset], seqB[base.z + offset], seqB[base.w + offset]);
}

@compute @workgroup_size(WG_X, WG_Y)
fn backwardStep(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  let quad = gid.y;
  if (j >= UNITS || quad * LANES >= BATCH) { return; }
  let t = stepIndexB;
  let H = UNITS;
  let G = 4u * H;
  let rows = rowsOf(quad, t);
  let g0 = GATES + rows * G + j;
  let i = gatherB(g0, 0u);
  let f = gatherB(g0, H);
  let g = gatherB(g0, 2u * H);
  let o = gatherB(g0, 3u * H);
  let tc = tanhSafe(gatherB(CELLS + rows * H, j));
  let samples = samplesOf(quad);
  var dh = vec4f(0.0);
  if (SEQUENCES) {
    let d0 = rows * H + j;
    dh = vec4f(dy[d0.x], dy[d0.y], dy[d0.z], dy[d0.w]);
  } else if (t + 1u == STEPS) {
    let d0 = samples * H + j;
    dh = vec4f(dy[d0.x], dy[d0.y], dy[d0.z], dy[d0.w]);
  }
  var dc = vec4f(0.0);
  if (t + 1u < STEPS) {
    // dh_t through the next step's recurrent product: dG_{t+1}·Uᵀ[:, j].
    let n0 = (rows + 1u) * G;
    for (var k = 0u; k < G; k++) {
      let d = vec4f(dgates[n0.x + k], dgates[n0.y + k], dgates[n0.z + k], dgates[n0.w + k]);
      dh += d * ut[k * H + j];
    }
    let c0 = samples * H + j;
    dc = vec4f(carry[c0.x], carry[c0.y], carry[c0.z], carry[c0.w]);
  }
  dc += dh * o * (1.0 - tc * tc);
  var cPrev = vec4f(0.0);
  if (t > 0u) {
    cPrev = gatherB(CELLS + (rows - 1u) * H, j);
  }
  let di = dc * g * i * (1.0 - i);
  let df = dc * cPrev * f * (1.0 - f);
  let dg = dc * i * (1.0 - g * g);
  let dO = dh * tc * o * (1.0 - o);
  let dcPrev = dc * f;
  for (var l = 0u; l < lanesOf(quad); l++) {
    let gl = rows[l] * G + j;
    dgates[gl] = di[l];
    dgates[gl + H] = df[l];
    dgates[gl + 2u * H] = dg[l];
    dgates[gl + 3u * H] = dO[l];
    carry[samples[l] * H + j] = dcPrev[l];
  }
}
