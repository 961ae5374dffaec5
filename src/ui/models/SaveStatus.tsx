import { formatWhen } from '../shared/format';
import { useInkling } from '../core/store';

/** Where the run stands in the browser's storage: saved up to which step, or why it is not being saved. */
export function SaveStatus() {
  const savedStep = useInkling((s) => s.persistence.savedStep);
  const savedAt = useInkling((s) => s.persistence.savedAt);
  const problem = useInkling((s) => s.persistence.problem);
  if (problem) {
    return (
      <p className="error" role="alert" data-testid="storage-error">
        {problem}
      </p>
    );
  }
  if (savedStep === null || savedAt === null) return null;
  return (
    <p
      className="hint"
      data-testid="save-status"
      data-step={savedStep}
      title="Kept in this browser (IndexedDB): a reload or a visit tomorrow continues from here"
    >
      Saved in this browser at step {savedStep}, {formatWhen(savedAt)}.
    </p>
  );
}
