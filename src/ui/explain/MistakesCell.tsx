import { engine } from '../core/engine-client';
import { useInkling } from '../core/store';
import { ExplainDigits } from './ExplainDigits';
import { useAnswer } from './use-answer';

/** At most this many digits of a cell: the most confident, enough to see the pattern. */
const SHOWN = 48;

/** The test digits of the chosen confusion cell, most confident first; refreshed with each evaluation. */
export function MistakesCell() {
  const cell = useInkling((s) => s.explain.cell);
  const evaluated = useInkling((s) => s.evaluation.latest?.step ?? null);
  const model = useInkling((s) => s.engine.model);
  const key = cell ? `${cell.truth}/${cell.predicted}/${evaluated}/${JSON.stringify(model)}` : null;
  const answer = useAnswer(key, () => engine().confusionCell(cell!.truth, cell!.predicted, SHOWN));
  if (!cell) return null;
  const { truth, predicted } = cell;
  const value = answer.value?.truth === truth && answer.value.predicted === predicted ? answer.value : null;
  return (
    <div
      className="mistakes-cell"
      data-testid="mistakes-cell"
      data-true={truth}
      data-predicted={predicted}
      data-total={value?.total ?? ''}
      data-step={value?.step ?? ''}
    >
      <h3>
        {truth === predicted ? `${truth}s read right` : `${truth}s read as ${predicted}`}
        {value &&
          ` · ${value.total} digit${value.total === 1 ? '' : 's'}${value.total > value.digits.length ? `, the ${value.digits.length} most confident` : ''}`}
      </h3>
      {answer.error && <p className="error">{answer.error}</p>}
      {!value && !answer.error && <p className="hint">Reading the test set…</p>}
      {value && value.total === 0 && <p className="hint">No test digit is in this cell now.</p>}
      {value && value.digits.length > 0 && (
        <>
          <p className="hint">Most confident first, as the weights of step {value.step} read them. Click one to see it inside the network.</p>
          <ExplainDigits digits={value.digits} testId="mistake-digit" />
        </>
      )}
    </div>
  );
}
