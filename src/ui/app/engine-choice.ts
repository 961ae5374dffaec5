// The engine select's command: the worker moves the run onto the engine chosen (its switchEngine),
// and the choice is kept with the settings, so the next page opens on it.
import { engine } from '../core/engine-client';
import { withPending } from '../core/pending';
import { updateBuilder, updateSettings, useInkling } from '../core/store';
import type { EngineKind } from '../../worker/protocol';

export const ENGINE_LABELS: Record<EngineKind, string> = { webgpu: 'GPU (WebGPU)', wasm: 'CPU (WebAssembly)' };

export async function chooseEngine(kind: EngineKind): Promise<void> {
  const { engine: now, training } = useInkling.getState();
  if (now.kind === kind || training.pending) return;
  await withPending(async () => {
    await engine().switchEngine(kind);
    updateSettings({ engine: kind });
    // A probe measured the other engine: its figure would mislead the builder's estimate.
    updateBuilder({ probe: null });
  }, 'The switch of engine');
}
