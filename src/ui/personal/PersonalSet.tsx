import { useMemo } from 'react';
import { formatPercent } from '../shared/format';
import { exportDigits, importDigits, learnMyHandwriting, removeDigit } from './commands';
import { digitPicture, fineTuneRunning, fineTuneStatus } from './personal-view';
import { useInkling } from '../core/store';
import type { FineTuneReport, PersonalDigit } from '../../worker/protocol';
import { FileButton } from '../shared/FileButton';
import { PictureCanvas } from '../shared/PictureCanvas';

/** The digits the user labelled, the file round trip, and "Learn my handwriting" with its before → after. */
export function PersonalSet() {
  const digits = useInkling((s) => s.personal.digits);
  const error = useInkling((s) => s.personal.error);
  const fineTune = useInkling((s) => s.personal.fineTune);
  const ready = useInkling((s) => s.engine.phase === 'ready' && !s.training.pending);
  const running = fineTuneRunning(fineTune);
  return (
    <div className="personal-set" data-testid="personal-set">
      <div className="personal-actions">
        <span>
          <strong data-testid="personal-count">{digits.length}</strong> {digits.length === 1 ? 'digit' : 'digits'} of yours
        </span>
        <button type="button" disabled={!ready || running || digits.length === 0} data-testid="finetune-start" onClick={() => void learnMyHandwriting()}>
          Learn my handwriting
        </button>
        <button type="button" className="secondary" disabled={digits.length === 0} data-testid="personal-export" onClick={() => void exportDigits()}>
          Export…
        </button>
        <FileButton accept=".json,application/json" testId="personal-import" onFile={(file) => void importDigits(file)}>
          Import…
        </FileButton>
      </div>
      <p className="finetune-status" aria-live="polite" data-testid="finetune-status">
        {fineTuneStatus(fineTune)}
      </p>
      {fineTune?.report && <Report report={fineTune.report} />}
      {error && (
        <p className="error" role="alert" data-testid="personal-error">
          {error}
        </p>
      )}
      {digits.length === 0 ? (
        <p className="empty">Draw a digit and say which it is (&ldquo;That&apos;s a …&rdquo;): it is kept here, in this browser.</p>
      ) : (
        <ul className="personal-digits">
          {digits.map((d) => (
            <Thumbnail key={d.id} digit={d} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Report({ report }: { report: FineTuneReport }) {
  const on = report.heldOut > 0 ? `${report.heldOut} digits held back from training` : `the ${report.trained} digits it trained on`;
  return (
    <dl className="finetune-report">
      <dt>Your digits ({on})</dt>
      <dd className="mono">
        {formatPercent(report.personalBefore)} → <span data-testid="personal-accuracy">{formatPercent(report.personalAfter)}</span>
      </dd>
      <dt>MNIST test set</dt>
      <dd className="mono" data-testid="finetune-test">
        {formatPercent(report.testBefore, 2)} → {formatPercent(report.testAfter, 2)}
      </dd>
    </dl>
  );
}

function Thumbnail({ digit }: { digit: PersonalDigit }) {
  const picture = useMemo(() => digitPicture(digit.pixels), [digit]);
  return (
    <li data-testid="personal-digit" data-id={digit.id} data-label={digit.label}>
      <PictureCanvas picture={picture} label={`A ${digit.label} you drew`} className="digit-thumb" />
      <span className="mono">{digit.label}</span>
      <button
        type="button"
        className="secondary remove"
        aria-label={`Remove this ${digit.label}`}
        data-testid="personal-remove"
        onClick={() => void removeDigit(digit.id)}
      >
        ×
      </button>
    </li>
  );
}
