// Histograms of the parameters of each layer, and of their gradients, with the sums their norms
// come from (src/model/histogram.ts holds the binning, float32 step by step, that these counts
// match exactly). One workgroup per (layer, which): which 0 reads the parameters, 1 their
// gradients. A layer's tensors are ranges of the packed buffers (the padding between them is
// skipped). The workgroup finds [min, max] by a tree in shared memory, then bins with shared
// atomics: a layer has at most a few hundred thousand values and this runs once per evaluation,
// so one workgroup walking them is enough. The parameters' pass also measures ‖w − previous‖
// and leaves the weights in `previous` for the next call.

override BINS: u32;

const WG: u32 = 256u;
/** The most bins a request may ask for: one shared counter per invocation. */
const MAX_BINS: u32 = 256u;
/** Infinity is not expressible in WGSL; the largest finite float32 is. */
const FLOAT_MAX: f32 = 0x1.fffffep+127f;

@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> previous: array<f32>;
/** (offset, length) of each tensor, in floats. */
@group(0) @binding(3) var<storage, read> ranges: array<vec2u>;
/** (first range, range count) of each layer. */
@group(0) @binding(4) var<storage, read> layers: array<vec2u>;
/** Per (layer, which), BINS + 4 words: min, max, Σx², Σ(w − previous)² as float bits, then the counts. */
@group(0) @binding(5) var<storage, read_write> out: array<u32>;

var<workgroup> lows: array<f32, WG>;
var<workgroup> highs: array<f32, WG>;
var<workgroup> squares: array<f32, WG>;
var<workgroup> moved: array<f32, WG>;
var<workgroup> counts: array<atomic<u32>, MAX_BINS>;

fn valueAt(which: u32, i: u32) -> f32 {
  if (which == 0u) {
    return params[i];
  }
  return grads[i];
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let layer = layers[wid.x];
  let which = wid.y;
  var lo = FLOAT_MAX;
  var hi = -FLOAT_MAX;
  var sum = 0.0;
  var diff = 0.0;
  for (var r = layer.x; r < layer.x + layer.y; r++) {
    let range = ranges[r];
    for (var i = t; i < range.y; i += WG) {
      let j = range.x + i;
      let x = valueAt(which, j);
      lo = min(lo, x);
      hi = max(hi, x);
      sum += x * x;
      if (which == 0u) {
        // The same invocation reads and then writes element j: no other touches it.
        let d = x - previous[j];
        diff += d * d;
        previous[j] = x;
      }
    }
  }
  lows[t] = lo;
  highs[t] = hi;
  squares[t] = sum;
  moved[t] = diff;
  atomicStore(&counts[t], 0u);
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (t < s) {
      lows[t] = min(lows[t], lows[t + s]);
      highs[t] = max(highs[t], highs[t + s]);
      squares[t] += squares[t + s];
      moved[t] += moved[t + s];
    }
    workgroupBarrier();
  }
  let low = lows[0];
  let high = highs[0];
  var scale = 0.0;
  if (high > low) {
    scale = f32(BINS) / (high - low);
  }
  for (var r = layer.x; r < layer.x + layer.y; r++) {
    let range = ranges[r];
    for (var i = t; i < range.y; i += WG) {
      let x = valueAt(which, range.x + i);
      let b = min(u32(max(floor((x - low) * scale), 0.0)), BINS - 1u);
      atomicAdd(&counts[b], 1u);
    }
  }
  workgroupBarrier();
  let base = (wid.x * 2u + which) * (BINS + 4u);
  if (t == 0u) {
    out[base] = bitcast<u32>(low);
    out[base + 1u] = bitcast<u32>(high);
    out[base + 2u] = bitcast<u32>(squares[0]);
    out[base + 3u] = bitcast<u32>(moved[0]);
  }
  if (t < BINS) {
    out[base + 4u + t] = atomicLoad(&counts[t]);
  }
}
