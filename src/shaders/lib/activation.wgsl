// The activation a forward kernel fuses into its epilogue, and its gradient for the backward
// kernels, picked by the ACTIVATION override (0 none, 1 relu, 2 tanh, 3 sigmoid: activationCode
// in src/model/activation.ts). Not a kernel: the TS side appends this to each shader that fuses
// an activation or undoes one, and that shader declares
// `override ACTIVATION: u32 = 0u;` with its other overrides. The switch is on a constant, so the
// compiler keeps only the chosen case.

fn activate(v: f32) -> f32 {
  switch ACTIVATION {
    case 1u: { return max(v, 0.0); }
    // Both through e = exp(−|v|) ≤ 1, which cannot overflow: WGSL leaves results past the f32
    // range indeterminate, so exp(large) / exp(large) is not a safe 1.
    case 2u: {
      let e = exp(-2.0 * abs(v));
      let t = (1.0 - e) / (1.0 + e);
      return select(-t, t, v >= 0.0);
    }
    case 3u: {
      let e = exp(-abs(v));
      return select(e, 1.0, v >= 0.0) / (1.0 + e);
    }
    default: { return v; }
  }
}

// dL/d(input) from g = dL/d(output), with f′ written in terms of the forward output y (relu:
// y > 0 ? 1 : 0, tanh: 1 − y², sigmoid: y(1 − y)). Reading the output rather than the input lets
// the forward pass fuse the activation into its epilogue and keep only one tensor.
fn activationGrad(g: f32, y: f32) -> f32 {
  switch ACTIVATION {
    // A select, not g · 0: a masked infinite or NaN gradient still becomes 0.
    case 1u: { return select(0.0, g, y > 0.0); }
    // (1 − y)(1 + y) rather than 1 − y·y: exact subtraction near |y| = 1, where y·y would round.
    case 2u: { return g * ((1.0 - y) * (1.0 + y)); }
    case 3u: { return g * (y * (1.0 - y)); }
    default: { return g; }
  }
}
