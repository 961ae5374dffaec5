import { useInkling } from '../core/store';
import type { EngineKind } from '../../worker/protocol';
import { chooseEngine, ENGINE_LABELS } from './engine-choice';

/** GPU or CPU, where both run: the run in progress moves over where it stands. Where only the CPU runs, it says why. */
export function EngineSelect() {
  const kind = useInkling((s) => s.engine.kind);
  const choices = useInkling((s) => s.engine.choices);
  const gpuUnavailable = useInkling((s) => s.engine.gpuUnavailable);
  const ready = useInkling((s) => s.engine.phase === 'ready');
  const pending = useInkling((s) => s.training.pending);
  if (!kind) return null;
  const why =
    choices.length < 2
      ? `Only the CPU engine runs here: ${gpuUnavailable ?? 'no WebGPU'}`
      : 'Which engine trains and reads: a run in progress moves over with its step, optimizer state and charts';
  return (
    <div className="badge">
      <dt>
        <label htmlFor="engine-select">Run on</label>
      </dt>
      <dd>
        <select
          id="engine-select"
          data-testid="engine-select"
          value={kind}
          title={why}
          disabled={!ready || pending || choices.length < 2}
          onChange={(e) => void chooseEngine(e.target.value as EngineKind)}
        >
          {choices.map((k) => (
            <option key={k} value={k}>
              {ENGINE_LABELS[k]}
            </option>
          ))}
        </select>
      </dd>
    </div>
  );
}
