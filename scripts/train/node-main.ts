// The Node host of `npm run train -- --runtime node`: Dawn (npm `webgpu`) on whatever Vulkan
// driver the machine has. The CLI bundles itself (scripts/lib/bundle-node.ts) to run this.
import { resolve } from 'node:path';
import { create, globals } from 'webgpu';
import { loadMnistFromDisk } from '../../src/data/mnist-node.ts';
import { requestGpu } from '../../src/gpu/device.ts';
import { createContext } from '../../src/gpu/context.ts';
import { runTraining, type TrainRequest } from './run-training.ts';

Object.assign(globalThis, globals);
// Held for the life of the process: if the Dawn instance is garbage-collected, its devices die
// with it and the process crashes in native code.
const dawn = create([]);

export async function trainOnNode(req: TrainRequest, dataDir: string | undefined, onTick: Parameters<typeof runTraining>[3]) {
  const gpu = await requestGpu(dawn);
  // Bundled into dist/, the module's own URL no longer points into the project: use the cwd.
  const mnist = await loadMnistFromDisk(dataDir ?? resolve('public/data'));
  // No device.destroy(): Dawn for Node can crash tearing a device down; the process exit frees it.
  return runTraining(createContext(gpu), mnist, req, onTick);
}
