// db[c] = Σ dy[o, c, i] over o and i (dy viewed [outer, channels, inner]: a conv's [batch, outC,
// H·W], a dense layer's [batch, units, 1]), for channels [begin, end): a reduction over the
// batch split over its output, each channel summed in one order whatever the split.

export function bias_grad(dy: usize, db: usize, outer: i32, channels: i32, inner: i32, begin: i32, end: i32): void {
  const stride = (<usize>channels * inner) << 2;
  let c = begin;
  if (inner == 1) {
    // Four channels a vector, each lane summing its channel over o in order, as the scalar tail.
    for (; c + 4 <= end; c += 4) {
      let acc = f32x4.splat(0);
      let p = dy + ((<usize>c) << 2);
      for (let o = 0; o < outer; o++) {
        acc = f32x4.add(acc, v128.load(p));
        p += stride;
      }
      v128.store(db + ((<usize>c) << 2), acc);
    }
    for (; c < end; c++) {
      let s: f32 = 0;
      let p = dy + ((<usize>c) << 2);
      for (let o = 0; o < outer; o++) {
        s += load<f32>(p);
        p += stride;
      }
      store<f32>(db + ((<usize>c) << 2), s);
    }
    return;
  }
  // Per channel: four lanes over the inner positions i ≡ 0…3 (mod 4) and a scalar for the tail,
  // added together in a fixed order at the end.
  for (; c < end; c++) {
    let acc = f32x4.splat(0);
    let tail: f32 = 0;
    let p = dy + ((<usize>c * inner) << 2);
    for (let o = 0; o < outer; o++) {
      let i = 0;
      for (; i + 4 <= inner; i += 4) acc = f32x4.add(acc, v128.load(p + ((<usize>i) << 2)));
      for (; i < inner; i++) tail += load<f32>(p + ((<usize>i) << 2));
      p += stride;
    }
    const s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    store<f32>(db + ((<usize>c) << 2), s + tail);
  }
}
