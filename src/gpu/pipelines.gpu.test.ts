import { describe, expect, it } from 'vitest';
import { testGpu } from '../testing/gpu.ts';
import { PipelineCache, WgslCompileError } from './pipelines.ts';

describe('PipelineCache', () => {
  it('reports a WGSL compile error with the kernel name and the compiler line:column', async () => {
    const gpu = await testGpu();
    const cache = new PipelineCache(gpu.device);
    const broken = { name: 'broken-kernel', code: '@compute @workgroup_size(1)\nfn main() {\n  let x: f32 = undefined_thing;\n}\n' };
    const failure = await cache.get(broken, 'main').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WgslCompileError);
    expect((failure as Error).message).toMatch(/broken-kernel\.wgsl:3:\d+: .*undefined_thing/);
  });

  it('compiles once per (shader, entry point, constants) and caches the pipeline', async () => {
    const gpu = await testGpu();
    const cache = new PipelineCache(gpu.device);
    const shader = {
      name: 'tiny',
      code: 'override N: u32 = 1u;\n@group(0) @binding(0) var<storage, read_write> o: array<u32>;\n@compute @workgroup_size(1)\nfn main() { o[0] = N; }\n',
    };
    const a = await cache.get(shader, 'main', { N: 2 });
    const b = await cache.get(shader, 'main', { N: 2 });
    const c = await cache.get(shader, 'main', { N: 3 });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(cache.size).toBe(2);
    expect(a.label).toBe('tiny:main:N=2');
  });
});
