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
