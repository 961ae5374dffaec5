// Builds one training batch from the dataset held on the GPU as bytes:
//   j = indices[(cursor + b) % COUNT],  x[b, p] = image byte (j·PIXELS + p) / 255,  y[b] = label byte j
// Images and labels are Uint8Arrays uploaded as they are, so four bytes share a u32, little
// endian; PIXELS need not be a multiple of 4. One invocation per pixel of the batch in a
// grid-stride loop; the invocation of pixel 0 also writes the label.
//
// Augmentation: when step.shift > 0, sample b is translated by (dx, dy) in [-shift, shift]²,
// drawn from a hash of (seed, t, b), so every step sees new offsets and a run is reproducible;
// pixels moved in from outside the image are 0 (MNIST's background). src/data/augment.ts
// computes the same draw on the CPU.

override BATCH: u32;
override PIXELS: u32;
override COUNT: u32;
override WIDTH: u32;

// struct Step is appended from STEP_LAYOUT (src/gpu/step-params.ts), the layout the CPU writes.
// mix32 (lowbias32) is appended from hash.wgsl; its CPU twin is in src/data/augment.ts.

const WG: u32 = 256u;

@group(0) @binding(0) var<storage, read> images: array<u32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read_write> x: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<u32>;
@group(0) @binding(5) var<uniform> step: Step;

fn byteOf(word: u32, k: u32) -> u32 {
  return (word >> ((k & 3u) * 8u)) & 0xffu;
}

fn shiftOf(b: u32) -> vec2i {
  if (step.shift == 0u) {
    return vec2i(0, 0);
  }
  let span = 2u * step.shift + 1u;
  let h = mix32(mix32(mix32(b) ^ step.t) ^ step.seed);
  let s = i32(step.shift);
  return vec2i(i32(h % span) - s, i32((h / span) % span) - s);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let height = i32(PIXELS / WIDTH);
  for (var e = gid.x; e < BATCH * PIXELS; e += nwg.x * WG) {
    let b = e / PIXELS;
    let p = e - b * PIXELS;
    let j = indices[(step.cursor + b) % COUNT];
    let d = shiftOf(b);
    let row = i32(p / WIDTH) - d.y;
    let col = i32(p % WIDTH) - d.x;
    var v = 0.0;
    if (row >= 0 && row < height && col >= 0 && col < i32(WIDTH)) {
      let k = j * PIXELS + u32(row) * WIDTH + u32(col);
      v = f32(byteOf(images[k >> 2u], k)) / 255.0;
    }
    x[e] = v;
    if (p == 0u) {
      y[b] = byteOf(labels[j >> 2u], j);
    }
  }
}
