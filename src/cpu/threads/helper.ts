// A helper thread's side of the pool: messages set it up (the control block, the module, a model
// to attach), then it blocks in the control block's call loop, running its range of each kernel
// call, until the pool asks it to leave the loop for a message or to exit.
import { instantiate } from '../wasm/module.ts';
import { Command, ControlBlock } from './control.ts';
import { errorMessage, type HelperPort, type HelperRequest } from './protocol.ts';

type Kernel = (...args: number[]) => void;

/** Checks of its sequence number a helper makes before it sleeps: calls of a step come close together. */
const HELPER_SPINS = 20_000;

export function serveHelper(port: HelperPort): void {
  let control: ControlBlock | null = null;
  let index = 0;
  let module: WebAssembly.Module | null = null;
  let seen = 0;
  const runs = new Map<number, Kernel[]>();
  const args: number[] = [];

  function serveCalls(c: ControlBlock): void {
    for (;;) {
      seen = c.awaitCall(index, seen, HELPER_SPINS);
      const call = c.readCall(index);
      if (call.command !== Command.kernel) {
        c.done();
        return;
      }
      try {
        const fns = runs.get(call.run);
        if (!fns) throw new Error(`model ${call.run} is not attached to helper thread ${index}`);
        fns[call.kernel](...c.readArgs(args), call.begin, call.end);
      } catch (e) {
        c.reportError(index, errorMessage(e));
      }
      c.done();
    }
  }

  async function handle(m: HelperRequest): Promise<void> {
    if (m.type === 'init') {
      control = new ControlBlock(m.control);
      index = m.index;
      module = m.module;
      port.postMessage({ type: 'ready' });
      return;
    }
    if (m.type === 'attach') {
      if (!module) throw new Error('helper thread: attach before init');
      const exports = (await instantiate(module, m.memory)) as unknown as Record<string, Kernel>;
      runs.set(
        m.run,
        m.names.map((n) => exports[n]),
      );
      port.postMessage({ type: 'attached', run: m.run });
      return;
    }
    runs.delete(m.run);
    port.postMessage({ type: 'detached', run: m.run });
  }

  port.onMessage((m) => {
    handle(m).then(
      () => control && serveCalls(control),
      (e: unknown) => {
        port.postMessage({ type: 'failed', message: errorMessage(e) });
        if (control) serveCalls(control);
      },
    );
  });
}
