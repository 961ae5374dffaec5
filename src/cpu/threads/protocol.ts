// The messages between the pool (src/cpu/threads/pool.ts) and a helper thread
// (src/cpu/threads/helper.ts). Messages carry only what a call cannot: the control block, the
// compiled module and a model's memory; the calls themselves go through the control block.

export type HelperRequest =
  | { type: 'init'; index: number; control: SharedArrayBuffer; module: WebAssembly.Module }
  | { type: 'attach'; run: number; memory: WebAssembly.Memory; names: string[] }
  | { type: 'detach'; run: number };

export type HelperReply = { type: 'ready' } | { type: 'attached'; run: number } | { type: 'detached'; run: number } | { type: 'failed'; message: string };

/** A helper's end of its channel: a Web Worker's global scope or Node's parentPort, adapted in a few lines. */
export interface HelperPort {
  postMessage(message: HelperReply): void;
  onMessage(handler: (message: HelperRequest) => void): void;
}

/** The pool's end: a Worker or a Node worker_thread, adapted by the host's spawner. */
export interface HelperThread {
  postMessage(message: HelperRequest): void;
  /** Sets the listeners for the helper's replies and for its failure (a script that does not load, a crash). */
  listen(onReply: (reply: HelperReply) => void, onFailure: (error: Error) => void): void;
  /** Told while the pool awaits a reply (Node: whether the worker keeps the process alive). */
  awaiting?(waiting: boolean): void;
  terminate(): void | Promise<unknown>;
}

/** Starts helper thread `index`, running serveHelper (src/cpu/threads/helper.ts) on its port. */
export type ThreadSpawner = (index: number) => HelperThread;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
