import { predictedDigit } from './drawing-slice';
import { useInkling } from '../core/store';
import { formatPercent } from '../shared/format';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function Prediction() {
  const probabilities = useInkling((s) => s.drawing.probabilities);
  const best = predictedDigit(probabilities);
  return (
    <div className="prediction">
      <div className="predicted" aria-live="polite">
        <span className="caption">Prediction</span>
        <span className="digit-big" data-testid="predicted-digit">
          {best ?? ''}
        </span>
        {best === null && <span className="hint">Draw a digit</span>}
      </div>
      <ul className="probabilities" aria-label="Probability of each digit">
        {DIGITS.map((d) => {
          const p = probabilities ? probabilities[d] : 0;
          return (
            <li key={d} className={d === best ? 'best' : ''}>
              <span className="class">{d}</span>
              <span className="bar">
                <span className="fill" style={{ transform: `scaleX(${p.toFixed(3)})` }} />
              </span>
              <span className="value mono" data-testid={`prob-${d}`} data-probability={p}>
                {probabilities ? formatPercent(p, 0) : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
