// Loads and stores of f32 by element index, and the end of the module's own data: the arena
// (src/cpu/arena.ts) starts above it.

/** The first byte after the module's static data: the loader checks the arena starts above it. */
export function heap_base(): usize {
  return __heap_base;
}

export function ld(p: usize, i: i32): f32 {
  return load<f32>(p + ((<usize>i) << 2));
}

export function st(p: usize, i: i32, v: f32): void {
  store<f32>(p + ((<usize>i) << 2), v);
}

export function ldv(p: usize, i: i32): v128 {
  return v128.load(p + ((<usize>i) << 2));
}

export function stv(p: usize, i: i32, v: v128): void {
  v128.store(p + ((<usize>i) << 2), v);
}
