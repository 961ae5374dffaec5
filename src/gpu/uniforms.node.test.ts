import { describe, expect, it } from 'vitest';
import { STEP_STRUCT_WGSL } from './step-params.ts';
import { packUniforms, uniformSize, type UniformLayout } from './uniforms.ts';

describe('packUniforms', () => {
  const layout: UniformLayout = [
    ['lr', 'f32'],
    ['step', 'u32'],
    ['delta', 'i32'],
    ['beta', 'f32'],
    ['extra', 'u32'],
  ];

  it('rounds the struct up to 16 bytes', () => {
    expect(uniformSize([['a', 'f32']])).toBe(16);
    expect(uniformSize(layout)).toBe(32);
  });

  it('writes each field little-endian at 4-byte strides', () => {
    const buf = packUniforms(layout, { lr: 0.5, step: 7, delta: -3, beta: 0.25, extra: 0xffffffff });
    const v = new DataView(buf);
    expect(v.getFloat32(0, true)).toBe(0.5);
    expect(v.getUint32(4, true)).toBe(7);
    expect(v.getInt32(8, true)).toBe(-3);
    expect(v.getFloat32(12, true)).toBe(0.25);
    expect(v.getUint32(16, true)).toBe(0xffffffff);
  });

  it('packs at an offset inside a larger buffer', () => {
    const big = new ArrayBuffer(512);
    packUniforms([['x', 'u32']], { x: 9 }, big, 256);
    expect(new DataView(big).getUint32(256, true)).toBe(9);
  });

  it('names the field that is missing or out of range', () => {
    expect(() => packUniforms(layout, { lr: 1 })).toThrow(/"step"/);
    expect(() => packUniforms([['n', 'u32']], { n: -1 })).toThrow(/"n" = -1 is not a u32/);
  });
});

describe('the Step struct', () => {
  it('is generated from STEP_LAYOUT, and no shader declares its own copy', async () => {
    expect(STEP_STRUCT_WGSL).toBe(
      'struct Step { cursor: u32, slot: u32, t: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, momentum: f32, shift: u32, seed: u32, rotate: f32, zoom: f32 }',
    );
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = new URL('../shaders/', import.meta.url);
    const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.wgsl'));
    expect(names).toContain('lib/activation.wgsl');
    for (const name of names) {
      const code = await readFile(new URL(name, dir), 'utf8');
      expect(/^\s*struct\s+Step\s*\{/m.test(code), `${name} declares struct Step itself`).toBe(false);
    }
  });
});
