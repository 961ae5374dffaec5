// The activation a forward kernel fuses into its epilogue, picked by the ACTIVATION override
// (0 none, 1 relu, 2 tanh, 3 sigmoid: activationCode in src/model/activation.ts). Not a kernel:
// the TS side appends this to each shader that fuses an activation, and that shader declares
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
