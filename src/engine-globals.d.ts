// The only platform globals the engine touches besides WebGPU. Every host has them (a worker, a
// page, Node with Dawn), so the engine type-checks without the DOM's or Node's types
// (tsconfig.engine.json), and a DOM call in src/gpu fails to compile.
declare const performance: { now(): number };
declare const console: { info(...data: unknown[]): void; warn(...data: unknown[]): void; error(...data: unknown[]): void };
// Model files: text in and out of bytes, and the base64 of earlier versions' JSON files.
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare function atob(data: string): string;
// The CPU engine's kernels (src/cpu): WebAssembly as every host has it, the part the engine uses.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    private constructor();
    readonly exports: Record<string, unknown>;
  }
  function instantiate(module: Module, imports: Record<string, Record<string, unknown>>): Promise<Instance>;
}
// The CPU engine yields between chunks of steps, so a stop request can reach it.
declare function setTimeout(callback: () => void, ms?: number): unknown;
