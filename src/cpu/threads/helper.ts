// A helper thread's side of the pool: messages set it up (the control block, the module, a model
// to attach), then it blocks in the control block's call loop, running the ranges of each kernel
// call it can claim, until the pool asks it to leave the loop for a message or to exit.
import { instantiate } from '../wasm/module.ts';
import { Command, ControlBlock, runRanges, type Kernel } from './control.ts';
import { errorMessage, type HelperPort, type HelperRequest } from './protocol.ts';

/** Checks of its sequence number a helper makes before it sleeps: calls of a step come close together. */
const HELPER_SPINS = 20_000;

export function serveHelper(port: HelperPort): void {
  let control: ControlBlock | null = null;
  let index = 0;
  let module: WebAssembly.Module | null = null;
  let seen = 0;
  const runs = new Map<number, Kernel[]>();

  function serveCalls(c: ControlBlock): void {
    for (;;) {
      seen = c.awaitCommand(index, seen, HELPER_SPINS);
      if (c.command(index) !== Command.kernel) {
        c.left();
        return;
      }
      runRanges(c, index, runs);
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
