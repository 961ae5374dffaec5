// The environment for a Dawn-for-Node child process. On a machine whose Vulkan loader finds no
// GPU driver (this one), Dawn is pointed at the SwiftShader Vulkan driver in Chromium's folder,
// so the Node runtimes can be smoke-tested without a GPU; a set VK_ICD_FILENAMES wins.
import { existsSync } from 'node:fs';

const SWIFTSHADER = { lib: '/usr/lib/chromium', icd: '/usr/lib/chromium/vk_swiftshader_icd.json' };

export function dawnEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  if (!env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER.icd)) {
    env.VK_ICD_FILENAMES = SWIFTSHADER.icd;
    env.LD_LIBRARY_PATH = [SWIFTSHADER.lib, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  }
  return env;
}
