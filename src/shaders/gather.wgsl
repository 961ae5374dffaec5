// Builds one training batch from the dataset held on the GPU as bytes:
//   j = indices[(cursor + b) % COUNT],  x[b, p] = image byte (j·PIXELS + p) / 255,  y[b] = label byte j
// Images and labels are Uint8Arrays uploaded as they are, so four bytes share a u32, little
// endian; PIXELS need not be a multiple of 4. One invocation per row of a sample in a
// grid-stride loop, so a sample's draws (three to four hashes and a sine) are made once a row,
// not once a pixel: on SwiftShader an invocation per pixel took several times as long
// (docs/ENGINE-KERNELS-NOTES.md).
// The invocation of row 0 also writes the label.
//
// Augmentation: sample b is scaled by s in 1 ± step.zoom and turned by a in ±step.rotate
// about the image's centre, then translated by (dx, dy) in [-shift, shift]², all drawn from a
// hash of (seed, t, b), so every step sees new ones and a run is reproducible. Each pixel reads
// its source point bilinearly; pixels from outside the image are 0 (MNIST's background). With
// no rotation or zoom the source points are whole pixels, so a shift copies bytes exactly, and
// the kernel reads the one byte.
// src/model/augment.ts computes the same draws and points on the CPU.

override BATCH: u32;
override PIXELS: u32;
override COUNT: u32;
override WIDTH: u32;

// struct Step is appended from STEP_LAYOUT (src/gpu/step-params.ts), the layout the CPU writes.
// mix32 (lowbias32) is appended from lib/hash.wgsl; its CPU twin is in src/base/hash.ts.

const WG: u32 = 64u;

@group(0) @binding(0) var<storage, read> images: array<u32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read_write> x: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<u32>;
@group(0) @binding(5) var<uniform> step: Step;

fn byteOf(word: u32, k: u32) -> u32 {
  return (word >> ((k & 3u) * 8u)) & 0xffu;
}

fn sampleHash(b: u32) -> u32 {
  return mix32(mix32(mix32(b) ^ step.t) ^ step.seed);
}

fn shiftOf(b: u32) -> vec2f {
  if (step.shift == 0u) {
    return vec2f(0.0, 0.0);
  }
  let span = 2u * step.shift + 1u;
  let h = sampleHash(b);
  let s = i32(step.shift);
  return vec2f(f32(i32(h % span) - s), f32(i32((h / span) % span) - s));
}

// (angle, scale): uniform in ±rotate and 1 ± zoom; exactly (0, 1) when both are 0.
fn warpOf(b: u32) -> vec2f {
  let h = mix32(sampleHash(b) ^ 0x9e3779b9u);
  let u = f32(h & 0xffffu) / 65535.0;
  let v = f32(h >> 16u) / 65535.0;
  return vec2f(step.rotate * (2.0 * u - 1.0), 1.0 + step.zoom * (2.0 * v - 1.0));
}

// Taylor series, as sinCos in src/model/augment.ts: WGSL's sin and cos may be 2^-11 off.
fn sinCos(a: f32) -> vec2f {
  let a2 = a * a;
  let s = a * (1.0 - (a2 / 6.0) * (1.0 - (a2 / 20.0) * (1.0 - a2 / 42.0)));
  let c = 1.0 - (a2 / 2.0) * (1.0 - (a2 / 12.0) * (1.0 - (a2 / 30.0) * (1.0 - a2 / 56.0)));
  return vec2f(s, c);
}

fn pixel(j: u32, row: i32, col: i32, height: i32) -> f32 {
  if (row < 0 || row >= height || col < 0 || col >= i32(WIDTH)) {
    return 0.0;
  }
  let k = j * PIXELS + u32(row) * WIDTH + u32(col);
  return f32(byteOf(images[k >> 2u], k)) / 255.0;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let height = PIXELS / WIDTH;
  for (var e = gid.x; e < BATCH * height; e += nwg.x * WG) {
    let b = e / height;
    let row = e - b * height;
    let j = indices[(step.cursor + b) % COUNT];
    let d = shiftOf(b);
    let out = b * PIXELS + row * WIDTH;
    if (step.rotate == 0.0 && step.zoom == 0.0) {
      // No warp: whole pixels, one read (the bilinear read below would give the same value).
      let srcRow = i32(row) - i32(d.y);
      let dx = i32(d.x);
      for (var col = 0u; col < WIDTH; col++) {
        x[out + col] = pixel(j, srcRow, i32(col) - dx, i32(height));
      }
    } else {
      let warp = warpOf(b);
      let sc = sinCos(warp.x);
      let centre = vec2f(f32(WIDTH - 1u), f32(height - 1u)) / 2.0;
      for (var col = 0u; col < WIDTH; col++) {
        let q = (vec2f(f32(col), f32(row)) - centre - d) / warp.y;
        // The inverse rotation, R(-a), maps the output back onto the source.
        let src = vec2f(sc.y * q.x + sc.x * q.y, -sc.x * q.x + sc.y * q.y) + centre;
        let c0 = i32(floor(src.x));
        let r0 = i32(floor(src.y));
        let f = src - floor(src);
        let h = i32(height);
        let top = pixel(j, r0, c0, h) * (1.0 - f.x) + pixel(j, r0, c0 + 1, h) * f.x;
        let bottom = pixel(j, r0 + 1, c0, h) * (1.0 - f.x) + pixel(j, r0 + 1, c0 + 1, h) * f.x;
        x[out + col] = top * (1.0 - f.y) + bottom * f.y;
      }
    }
    if (row == 0u) {
      y[b] = byteOf(labels[j >> 2u], j);
    }
  }
}
