// The LSTM's gate nonlinearities over vec4s, appended to lstm.wgsl and lstm-vec4.wgsl.
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
