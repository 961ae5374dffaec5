// xp[b, c, h + TOP, w + LEFT] = x[b, c, h, w] for the rows and columns that land inside xp:
// copies a tensor into a zero-bordered one, so that the kernels that read xp need no bounds
// tests. Only the interior is written: the border is the zero the buffer was created with, and
// nothing else writes to it.

override PLANES: u32; // batch · channels
override IN_H: u32;
override IN_W: u32;
override OUT_H: u32;
override OUT_W: u32;
override TOP: u32;
override LEFT: u32;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> xp: array<f32>;

override COUNT: u32 = PLANES * IN_H * IN_W;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  for (var i = gid.x; i < COUNT; i += groups.x * 256u) {
    let w = i % IN_W;
    let h = (i / IN_W) % IN_H;
    let plane = i / (IN_W * IN_H);
    // Rows and columns a strided 'valid' window never reaches may fall outside xp.
    if (h + TOP < OUT_H && w + LEFT < OUT_W) {
      xp[(plane * OUT_H + h + TOP) * OUT_W + w + LEFT] = x[i];
    }
  }
}
