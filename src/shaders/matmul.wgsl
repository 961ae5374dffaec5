// C[M,N] = op(A) · op(B) (+ bias[N]) (ReLU), row-major.
// op(A) is A[M,K], or A stored as [K,M] when TRANS_A; op(B) is B[K,N], or B stored as [N,K]
// when TRANS_B. Each 16×16 workgroup computes a 64×64 tile of C through workgroup memory,
// each invocation a 4×4 block held in registers.

override M: u32;
override N: u32;
override K: u32;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override BIAS: bool = false;
override RELU: bool = false;

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

const TILE: u32 = 64u;
const TK: u32 = 16u;
const WG: u32 = 16u;

var<workgroup> tileA: array<array<f32, TILE>, TK>; // [k][m]
var<workgroup> tileB: array<array<f32, TILE>, TK>; // [k][n]

fn loadA(m: u32, k: u32) -> f32 {
  if (m >= M || k >= K) { return 0.0; }
  if (TRANS_A) { return a[k * M + m]; }
  return a[m * K + k];
}

fn loadB(k: u32, n: u32) -> f32 {
  if (k >= K || n >= N) { return 0.0; }
  if (TRANS_B) { return b[n * K + k]; }
  return b[k * N + n];
}

@compute @workgroup_size(WG, WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let t = lid.y * WG + lid.x;
  var acc: array<f32, 16>;
  for (var k0 = 0u; k0 < K; k0 += TK) {
    // 64×16 elements per tile, 4 per invocation. The fast-moving index follows memory order.
    for (var i = 0u; i < 4u; i++) {
      let e = t + i * WG * WG;
      if (TRANS_A) {
        tileA[e / TILE][e % TILE] = loadA(row0 + e % TILE, k0 + e / TILE);
      } else {
        tileA[e % TK][e / TK] = loadA(row0 + e / TK, k0 + e % TK);
      }
      if (TRANS_B) {
        tileB[e % TK][e / TK] = loadB(k0 + e % TK, col0 + e / TK);
      } else {
        tileB[e / TILE][e % TILE] = loadB(k0 + e / TILE, col0 + e % TILE);
      }
    }
    workgroupBarrier();
    for (var k = 0u; k < TK; k++) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tileA[k][lid.y + i * WG];
        bv[i] = tileB[k][lid.x + i * WG];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) {
          acc[i * 4u + j] = fma(av[i], bv[j], acc[i * 4u + j]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let m = row0 + lid.y + i * WG;
    if (m >= M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let n = col0 + lid.x + j * WG;
      if (n >= N) { continue; }
      var v = acc[i * 4u + j];
      if (BIAS) { v += bias[n]; }
      if (RELU) { v = max(v, 0.0); }
      c[m * N + n] = v;
    }
  }
}
