// Gives Node what a browser gives WebGPU code: navigator.gpu from Dawn (npm `webgpu`) and the
// GPUBufferUsage-style globals. TF.js's WebGPU backend registers itself only if navigator.gpu
// exists when it is evaluated, so this module must be imported before it.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
const gpu = create([]);
// Node 20 has no navigator; Node 21+ has one without gpu.
const existing = (globalThis as { navigator?: object }).navigator ?? {};
Object.defineProperty(globalThis, 'navigator', { value: Object.assign(Object.create(existing) as object, { gpu }), configurable: true });
