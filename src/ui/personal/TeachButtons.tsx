import { teachDigit } from './commands';
import { useInkling } from '../core/store';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** "That's a 0 … 9": labels the drawing, to correct a wrong reading or confirm a right one; it joins the personal set. */
export function TeachButtons() {
  const ready = useInkling((s) => s.engine.phase === 'ready' && s.drawing.preview !== null);
  return (
    <div className="teach" role="group" aria-label="Tell the model which digit you drew">
      <span className="caption">That&apos;s a</span>
      <div className="teach-digits">
        {DIGITS.map((d) => (
          <button key={d} type="button" className="secondary" disabled={!ready} data-testid={`teach-${d}`} onClick={() => void teachDigit(d)}>
            {d}
          </button>
        ))}
      </div>
    </div>
  );
}
