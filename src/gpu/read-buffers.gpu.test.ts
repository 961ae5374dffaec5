import { describe, expect, it } from 'vitest';
import { readBuffers } from './read-buffers.ts';
import { gpuBuffer, testGpu } from '../testing/gpu.ts';

describe('readBuffers', () => {
  it('reads the leading bytes of each buffer, in order, an empty part included, in copies that outlive the staging', async () => {
    const gpu = await testGpu();
    const a = gpuBuffer(gpu, Float32Array.from([1, 2, 3, 4]));
    const b = gpuBuffer(gpu, Uint32Array.from([7, 8, 9]));
    const [first, empty, second] = await readBuffers(gpu.device, 'test/read', [
      { buffer: a, bytes: 12 },
      { buffer: b, bytes: 0 },
      { buffer: b, bytes: 8 },
    ]);
    expect(Array.from(new Float32Array(first))).toEqual([1, 2, 3]);
    expect(empty.byteLength).toBe(0);
    expect(Array.from(new Uint32Array(second))).toEqual([7, 8]);
    a.destroy();
    b.destroy();
  });

  it('reads nothing at all without failing', async () => {
    const gpu = await testGpu();
    expect(await readBuffers(gpu.device, 'test/none', [])).toEqual([]);
  });
});
