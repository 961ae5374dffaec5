// What lstm.wgsl and lstm-vec4.wgsl share, appended to both: the overrides that lay out `seq`
// and the dispatch, and the gate nonlinearities over vec4s.
override BATCH: u32;
override STEPS: u32;
override UNITS: u32;
override SEQUENCES: bool = false;
override GATES: u32 = 0u;
override CELLS: u32;
override HPREV: u32;
override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;

// Both through e = exp(−|v|) ≤ 1, which cannot overflow (as activation.wgsl).
fn sigmoid(v: vec4f) -> vec4f {
  let e = exp(-abs(v));
  return select(e, vec4f(1.0), v >= vec4f(0.0)) / (1.0 + e);
}

fn tanhSafe(v: vec4f) -> vec4f {
  let e = exp(-2.0 * abs(v));
  let t = (1.0 - e) / (1.0 + e);
  return select(-t, t, v >= vec4f(0.0));
}
