// Packs a flat WGSL struct of 4-byte scalars. Every field is 4-byte aligned; the struct's size
// rounds up to 16 bytes, as WGSL's uniform address space requires.

export type ScalarType = 'f32' | 'u32' | 'i32';
export type UniformLayout = readonly (readonly [name: string, type: ScalarType])[];

export function uniformSize(layout: UniformLayout): number {
  return Math.max(16, Math.ceil((layout.length * 4) / 16) * 16);
}

export function packUniforms(
  layout: UniformLayout,
  values: Readonly<Record<string, number>>,
  target: ArrayBuffer = new ArrayBuffer(uniformSize(layout)),
  byteOffset = 0,
): ArrayBuffer {
  const view = new DataView(target, byteOffset, uniformSize(layout));
  layout.forEach(([name, type], i) => {
    const v = values[name];
    if (v === undefined) throw new Error(`uniform field "${name}" has no value`);
    if (type === 'f32') view.setFloat32(i * 4, v, true);
    else if (type === 'u32') {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`uniform "${name}" = ${v} is not a u32`);
      view.setUint32(i * 4, v, true);
    } else {
      if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new Error(`uniform "${name}" = ${v} is not an i32`);
      view.setInt32(i * 4, v, true);
    }
  });
  return target;
}
