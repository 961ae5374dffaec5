import { useInkling } from '../core/store';
import { formatPercent } from '../shared/format';

export function PerClassAccuracy() {
  const perClass = useInkling((s) => s.evaluation.latest?.perClassAccuracy);
  if (!perClass) return null;
  const worst = perClass.indexOf(Math.min(...perClass));
  return (
    <ul className="per-class" aria-label="Test accuracy per digit" data-testid="per-class-accuracy">
      {perClass.map((accuracy, digit) => (
        <li key={digit} className={digit === worst ? 'worst' : ''}>
          <span className="class">{digit}</span>
          <span className="bar">
            <span className="fill" style={{ transform: `scaleX(${accuracy.toFixed(3)})` }} />
          </span>
          <span className="value mono">{formatPercent(accuracy)}</span>
        </li>
      ))}
    </ul>
  );
}
