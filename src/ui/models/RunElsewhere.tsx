import { takeOverRun } from '../core/engine-client';
import { useInkling } from '../core/store';

/**
 * The run is another tab's (one tab at a time owns the saved run): this tab shows it read-only
 * and saves nothing until it takes the run over, which reads the run as the other tab leaves it.
 */
export function RunElsewhere() {
  const owner = useInkling((s) => s.engine.runOwner);
  const ready = useInkling((s) => s.engine.phase === 'ready');
  if (owner === 'this-tab') return null;
  const [message, action] =
    owner === 'open-elsewhere'
      ? ['This run is open in another tab — take it over here? Until then this tab shows it read-only and saves nothing.', 'Take over here']
      : ['Another tab took this run over: this tab no longer saves it. Take it back here?', 'Take it back'];
  return (
    <div className="notice run-elsewhere" role="alert" data-testid="run-elsewhere" data-owner={owner}>
      <span>{message}</span>
      <button type="button" data-testid="run-take-over" disabled={!ready} onClick={() => void takeOverRun()}>
        {action}
      </button>
    </div>
  );
}
