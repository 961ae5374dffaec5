// The Node host of `npm run train -- --runtime node`: Dawn (npm `webgpu`) on whatever Vulkan
// driver the machine has. Bundled by scripts/train/bundle.mjs; prints one JSON result line.
import { resolve } from 'node:path';
import { create, globals } from 'webgpu';
import { loadMnistFromDisk } from '../../src/data/mnist-node.ts';
import { requestGpu } from '../../src/gpu/device.ts';
import { createContext } from '../../src/gpu/context.ts';
import { runTraining, type TrainRequest } from './run-training.ts';

Object.assign(globalThis, globals);

export async function trainOnNode(req: TrainRequest, dataDir: string | undefined, onTick: Parameters<typeof runTraining>[3]) {
  const gpu = await requestGpu(create([]));
  // Bundled into dist/, the module's own URL no longer points into the project: use the cwd.
  const mnist = await loadMnistFromDisk(dataDir ?? resolve('public/data'));
  try {
    return await runTraining(createContext(gpu), mnist, req, onTick);
  } finally {
    gpu.device.destroy();
  }
}
