import type { ExplainDigit } from '../../worker/protocol';
import { DigitCanvas } from '../shared/DigitCanvas';
import { formatPercent } from '../shared/format';
import { inspectTestDigit } from './commands';

/** Test digits as buttons: each shows what the model read and how sure it was; a click inspects it. */
export function ExplainDigits<D extends ExplainDigit>({ digits, testId, extra }: { digits: D[]; testId: string; extra?: (d: D) => string }) {
  return (
    <ul className="explain-digits">
      {digits.map((d) => {
        const wrong = d.predicted !== d.label;
        const text = `Test image ${d.index}: a ${d.label}, read as ${d.predicted} at ${formatPercent(d.probability, 1)}${extra ? `, ${extra(d)}` : ''}`;
        return (
          <li key={d.index} className={wrong ? 'wrong' : 'right'}>
            <button
              type="button"
              data-testid={testId}
              data-index={d.index}
              title={`${text}. Click to see it inside the network.`}
              onClick={() => inspectTestDigit(d.pixels)}
            >
              <DigitCanvas pixels={d.pixels} label={text} />
              <span className="mono">
                {d.predicted} · {formatPercent(d.probability, 0)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
