// Builds one training batch from the dataset held on the GPU as bytes:
//   j = indices[(cursor + b) % COUNT],  x[b, p] = image byte (j·PIXELS + p) / 255,  y[b] = label byte j
// Images and labels are Uint8Arrays uploaded as they are, so four bytes share a u32, little
// endian; PIXELS need not be a multiple of 4. One invocation per pixel of the batch in a
// grid-stride loop; the invocation of pixel 0 also writes the label.

override BATCH: u32;
override PIXELS: u32;
override COUNT: u32;

struct Step { cursor: u32, slot: u32, t: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, momentum: f32 }

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

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var e = gid.x; e < BATCH * PIXELS; e += nwg.x * WG) {
    let b = e / PIXELS;
    let p = e - b * PIXELS;
    let j = indices[(step.cursor + b) % COUNT];
    let k = j * PIXELS + p;
    x[e] = f32(byteOf(images[k >> 2u], k)) / 255.0;
    if (p == 0u) {
      y[b] = byteOf(labels[j >> 2u], j);
    }
  }
}
