// Names the adapter the GPU suite runs on; the CI summary reads it from this test's metadata.
import { expect, it } from 'vitest';
import { testGpu } from '../testing/gpu.ts';

declare module 'vitest' {
  interface TaskMeta {
    adapter?: string;
  }
}

it('a WebGPU adapter is granted (the GPU suite fails, never skips, without one)', async ({ task }) => {
  const gpu = await testGpu();
  task.meta.adapter = gpu.adapterName;
  expect(gpu.adapterName.length).toBeGreaterThan(0);
});
