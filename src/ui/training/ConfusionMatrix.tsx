import type { CSSProperties } from 'react';
import { useInkling } from '../core/store';
import { chooseCell } from '../explain/commands';

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Rows are the true digit, columns what the model said: the diagonal is right, the rest is confusion. */
export function ConfusionMatrix() {
  const confusion = useInkling((s) => s.evaluation.latest?.confusion);
  const chosen = useInkling((s) => s.explain.cell);
  if (!confusion) return <p className="empty">Appears after the first evaluation.</p>;
  const rowTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  return (
    <div className="matrix-wrap">
      <table className="confusion" data-testid="confusion-matrix">
        <caption>true digit ↓ · predicted →</caption>
        <thead>
          <tr>
            <th />
            {DIGITS.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, label) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {row.map((count, predicted) => {
                const share = rowTotals[label] > 0 ? count / rowTotals[label] : 0;
                const diagonal = label === predicted;
                // Off-diagonal shares are small; stretch them so that a 2% confusion is visible.
                const strength = diagonal ? share : Math.min(1, share * 8);
                const selected = chosen?.truth === label && chosen.predicted === predicted;
                return (
                  <td
                    key={predicted}
                    className={`${diagonal ? 'diag' : count > 0 ? 'off' : ''}${selected ? ' selected' : ''}`}
                    style={{ '--strength': strength.toFixed(3) } as CSSProperties}
                  >
                    <button
                      type="button"
                      data-testid="confusion-cell"
                      data-true={label}
                      data-predicted={predicted}
                      aria-pressed={selected}
                      title={`${count} images of ${label} read as ${predicted}: click to see them`}
                      onClick={() => chooseCell(label, predicted)}
                    >
                      {count > 0 ? count : ''}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
