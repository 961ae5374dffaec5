// The LSTM's step kernels for UNITS a multiple of 4 (lstm.wgsl has the layout of `seq`, the step
// slots and the scalar kernels, which these replace when they can): forwardStep4 and
// backwardStep4 do what forwardStep and backwardStep do, one invocation per (four units, two
// samples), every access a vec4 along a row. The forward reads U as it is, [UNITS, G], four gate
// columns of row m per load, each serving both samples; the backward reads dG_{t+1}[s, k..k+3]
// and U[j, k..k+3] and takes their dot products, so it needs no Uᵀ. Their loads per multiply-add
// are a quarter of the scalar kernels', which is what bounded those. Indices count vec4s: a unit
// row is Q of them, a gate row G/4 = UNITS, and U[m, n..n+3] is u4[m·UNITS + n/4].
// The overrides, sigmoid and tanhSafe are lstm-shared.wgsl, appended.

// Each step dispatch binds its own slot of the step-index buffer (lstm.ts).
@group(0) @binding(0) var<storage, read> stepIndex: u32;

// The two samples of invocation row y (past BATCH the second repeats the first, and is not
// written) and their rows (sample, t) of [BATCH, STEPS, ·].
struct Pair {
  s0: u32,
  s1: u32,
  r0: u32,
  r1: u32,
}

fn pairAt(y: u32, t: u32) -> Pair {
  let s0 = y * 2u;
  let s1 = min(s0 + 1u, BATCH - 1u);
  return Pair(s0, s1, s0 * STEPS + t, s1 * STEPS + t);
}

@group(0) @binding(1) var<storage, read> u4: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> seq4: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> y4: array<vec4f>;

// The step's cell update for one sample and units 4·jq..4·jq+3, from the gates' pre-activations.
fn finishForward4(s: u32, row: u32, jq: u32, zi: vec4f, zf: vec4f, zg: vec4f, zo: vec4f) {
  let t = stepIndex;
  let Q = UNITS / 4u;
  let i = sigmoid(zi);
  let f = sigmoid(zf);
  let g = tanhSafe(zg);
  let o = sigmoid(zo);
  var cPrev = vec4f(0.0);
  if (t > 0u) {
    cPrev = seq4[CELLS / 4u + (row - 1u) * Q + jq];
  }
  let c = f * cPrev + i * g;
  let h = o * tanhSafe(c);
  let g0 = GATES / 4u + row * UNITS + jq;
  seq4[g0] = i;
  seq4[g0 + Q] = f;
  seq4[g0 + 2u * Q] = g;
  seq4[g0 + 3u * Q] = o;
  seq4[CELLS / 4u + row * Q + jq] = c;
  if (t == 0u) {
    seq4[HPREV / 4u + row * Q + jq] = vec4f(0.0);
  }
  if (t + 1u < STEPS) {
    seq4[HPREV / 4u + (row + 1u) * Q + jq] = h;
  }
  if (SEQUENCES) {
    y4[row * Q + jq] = h;
  } else if (t + 1u == STEPS) {
    y4[s * Q + jq] = h;
  }
}

@compute @workgroup_size(WG_X, WG_Y)
fn forwardStep4(@builtin(global_invocation_id) gid: vec3u) {
  let jq = gid.x;
  let Q = UNITS / 4u;
  if (jq >= Q || gid.y * 2u >= BATCH) { return; }
  let t = stepIndex;
  let p = pairAt(gid.y, t);
  let s0 = p.s0;
  let s1 = p.s1;
  let r0 = p.r0;
  let r1 = p.r1;
  let a0 = GATES / 4u + r0 * UNITS + jq;
  let a1 = GATES / 4u + r1 * UNITS + jq;
  var i0 = seq4[a0];
  var f0 = seq4[a0 + Q];
  var g0 = seq4[a0 + 2u * Q];
  var o0 = seq4[a0 + 3u * Q];
  var i1 = seq4[a1];
  var f1 = seq4[a1 + Q];
  var g1 = seq4[a1 + 2u * Q];
  var o1 = seq4[a1 + 3u * Q];
  if (t > 0u) {
    let h0 = HPREV / 4u + r0 * Q;
    let h1 = HPREV / 4u + r1 * Q;
    for (var mq = 0u; mq < Q; mq++) {
      let ha = seq4[h0 + mq];
      let hb = seq4[h1 + mq];
      // Per gate, U's rows 4·mq..4·mq+3 at these units as the columns of a matrix: z += M·h[m..m+3].
      let r = mq * 4u * UNITS + jq;
      let mi = mat4x4f(u4[r], u4[r + UNITS], u4[r + 2u * UNITS], u4[r + 3u * UNITS]);
      i0 += mi * ha;
      i1 += mi * hb;
      let mf = mat4x4f(u4[r + Q], u4[r + Q + UNITS], u4[r + Q + 2u * UNITS], u4[r + Q + 3u * UNITS]);
      f0 += mf * ha;
      f1 += mf * hb;
      let mg = mat4x4f(u4[r + 2u * Q], u4[r + 2u * Q + UNITS], u4[r + 2u * Q + 2u * UNITS], u4[r + 2u * Q + 3u * UNITS]);
      g0 += mg * ha;
      g1 += mg * hb;
      let mo = mat4x4f(u4[r + 3u * Q], u4[r + 3u * Q + UNITS], u4[r + 3u * Q + 2u * UNITS], u4[r + 3u * Q + 3u * UNITS]);
      o0 += mo * ha;
      o1 += mo * hb;
    }
  }
  finishForward4(s0, r0, jq, i0, f0, g0, o0);
  if (s1 > s0) {
    finishForward4(s1, r1, jq, i1, f1, g1, o1);
  }
}

@group(0) @binding(1) var<storage, read> uB4: array<vec4f>;
@group(0) @binding(2) var<storage, read> seqB4: array<vec4f>;
@group(0) @binding(3) var<storage, read> dy4: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> dgates4: array<vec4f>;
@group(0) @binding(5) var<storage, read_write> carry4: array<vec4f>;

// dh_t for one sample and units 4·jq..4·jq+3 before the recurrent term: dy_t, or zero.
fn outputGrad4(s: u32, row: u32, jq: u32) -> vec4f {
  let Q = UNITS / 4u;
  if (SEQUENCES) {
    return dy4[row * Q + jq];
  }
  if (stepIndex + 1u == STEPS) {
    return dy4[s * Q + jq];
  }
  return vec4f(0.0);
}

// The cell's backward for one sample, given dh_t: the four gate gradients and dc_t·f_t.
fn finishBackward4(s: u32, row: u32, jq: u32, dh: vec4f) {
  let t = stepIndex;
  let Q = UNITS / 4u;
  let g0 = GATES / 4u + row * UNITS + jq;
  let i = seqB4[g0];
  let f = seqB4[g0 + Q];
  let g = seqB4[g0 + 2u * Q];
  let o = seqB4[g0 + 3u * Q];
  let tc = tanhSafe(seqB4[CELLS / 4u + row * Q + jq]);
  var dc = dh * o * (1.0 - tc * tc);
  if (t + 1u < STEPS) {
    dc += carry4[s * Q + jq];
  }
  var cPrev = vec4f(0.0);
  if (t > 0u) {
    cPrev = seqB4[CELLS / 4u + (row - 1u) * Q + jq];
  }
  let d0 = row * UNITS + jq;
  dgates4[d0] = dc * g * i * (1.0 - i);
  dgates4[d0 + Q] = dc * cPrev * f * (1.0 - f);
  dgates4[d0 + 2u * Q] = dc * i * (1.0 - g * g);
  dgates4[d0 + 3u * Q] = dh * tc * o * (1.0 - o);
  carry4[s * Q + jq] = dc * f;
}

@compute @workgroup_size(WG_X, WG_Y)
fn backwardStep4(@builtin(global_invocation_id) gid: vec3u) {
  let jq = gid.x;
  let Q = UNITS / 4u;
  if (jq >= Q || gid.y * 2u >= BATCH) { return; }
  let t = stepIndex;
  let p = pairAt(gid.y, t);
  let s0 = p.s0;
  let s1 = p.s1;
  let r0 = p.r0;
  let r1 = p.r1;
  var dh0 = outputGrad4(s0, r0, jq);
  var dh1 = outputGrad4(s1, r1, jq);
  if (t + 1u < STEPS) {
    // dh_t through the next step's recurrent product: Σ_k dG_{t+1}[s, k]·U[j, k].
    let n0 = (r0 + 1u) * UNITS;
    let n1 = (r1 + 1u) * UNITS;
    let u0 = jq * 4u * UNITS;
    for (var kq = 0u; kq < UNITS; kq++) {
      let da = dgates4[n0 + kq];
      let db = dgates4[n1 + kq];
      let ua = uB4[u0 + kq];
      let ub = uB4[u0 + UNITS + kq];
      let uc = uB4[u0 + 2u * UNITS + kq];
      let ud = uB4[u0 + 3u * UNITS + kq];
      dh0 += vec4f(dot(da, ua), dot(da, ub), dot(da, uc), dot(da, ud));
      dh1 += vec4f(dot(db, ua), dot(db, ub), dot(db, uc), dot(db, ud));
    }
  }
  finishBackward4(s0, r0, jq, dh0);
  if (s1 > s0) {
    finishBackward4(s1, r1, jq, dh1);
  }
}
