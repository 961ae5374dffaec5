// Integer hashing shared by the kernels that draw random bits from (sample, step, seed): not a
// kernel. The TS side appends this to each shader that calls mix32 (gather.wgsl, dropout.wgsl).
// The CPU twin is mix32 in src/base/hash.ts, in u32 arithmetic, so both sides draw the same bits.

// lowbias32 (Chris Wellons): a full-avalanche 32-bit integer hash.
fn mix32(v: u32) -> u32 {
  var h = v;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}
