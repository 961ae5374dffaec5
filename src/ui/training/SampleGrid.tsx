import { useInkling } from '../core/store';
import { DigitCanvas } from '../shared/DigitCanvas';

/** Test digits the model has never trained on, with what it read; mistakes are marked. */
export function SampleGrid() {
  const samples = useInkling((s) => s.evaluation.latest?.samples);
  if (!samples || samples.length === 0) return <p className="empty">Test digits appear after the first evaluation.</p>;
  const mistakes = samples.filter((s) => s.predicted !== s.label).length;
  return (
    <>
      <p className="summary">{mistakes === 0 ? 'All read correctly.' : `${mistakes} of ${samples.length} misread (marked in red).`}</p>
      <ul className="sample-grid" data-testid="sample-grid">
        {samples.map((s) => {
          const wrong = s.predicted !== s.label;
          return (
            <li key={s.index} className={wrong ? 'wrong' : 'right'} data-testid={wrong ? 'sample-wrong' : 'sample-right'}>
              <DigitCanvas pixels={s.pixels} label={`Test image ${s.index}: a ${s.label}, read as ${s.predicted}`} />
              <span className="guess">{s.predicted}</span>
              {wrong && <span className="truth">is {s.label}</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}
