// Compiles the kernels once per variant and instantiates them on a model's memory. A compiled
// WebAssembly.Module can be posted to another thread, which instantiates it on the same shared
// memory (src/cpu/threads).
import type { KernelExports } from './kernel-exports.ts';
import { KERNELS_PRIVATE_BASE64, KERNELS_SHARED_BASE64 } from './kernels.generated.ts';

/** The arena starts here (64 KiB): below it the module's static data, checked at instantiation. */
export const ARENA_BASE = 65536;
export const PAGE_BYTES = 65536;
/** A model's memory may reach 4 GiB, wasm32's ceiling: the pages the kernels' import allows. */
export const MAX_PAGES = 65536;

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The kernels for a shared memory (threads) or a private one; compiled once per variant. */
export function kernelModule(shared: boolean): Promise<WebAssembly.Module> {
  let m = compiled.get(shared);
  if (!m) {
    // Compiled on this thread, at once: the module is small (a few tens of KB), where
    // WebAssembly.compile waits for a background thread that a machine busy opening the page gives
    // late, and the first reader waited on it (docs/ARCHITECTURE.md, "Reading first").
    const bytes = bytesOf(shared ? KERNELS_SHARED_BASE64 : KERNELS_PRIVATE_BASE64);
    m = new Promise((resolve) => resolve(new WebAssembly.Module(bytes)));
    compiled.set(shared, m);
  }
  return m;
}

/** Whether this context can make shared memory (a cross-origin isolated page, a worker of one, Node). */
export function sharedMemoryAvailable(): boolean {
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return typeof SharedArrayBuffer !== 'undefined';
  } catch {
    return false;
  }
}

/** A memory of `bytes` (rounded up to pages), shared or not; its size never changes. */
export function newMemory(bytes: number, shared: boolean): WebAssembly.Memory {
  const pages = Math.ceil(bytes / PAGE_BYTES);
  if (pages > MAX_PAGES) throw new Error(`${bytes} bytes exceed the ${MAX_PAGES * PAGE_BYTES} bytes a WebAssembly memory can hold`);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
}

/** Asynchronous: a page's main thread may not instantiate a large module synchronously. */
export async function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort: () => undefined } });
  const k = instance.exports as unknown as KernelExports;
  if (k.heap_base() > ARENA_BASE) throw new Error(`the kernels' static data end at ${k.heap_base()}, above the arena's start ${ARENA_BASE}`);
  return k;
}
