import { useInkling } from '../core/store';
import { formatCount, formatDuration, formatPercent, formatRate } from '../shared/format';
import { trainStatus } from './training-slice';

export function ProgressPanel() {
  const progress = useInkling((s) => s.training.progress);
  const accuracy = useInkling((s) => s.evaluation.latest?.accuracy ?? null);
  const pausing = useInkling((s) => s.training.pausing);
  const state = progress?.state ?? 'idle';
  const fraction = progress && progress.totalSteps > 0 ? progress.step / progress.totalSteps : 0;
  return (
    <div className="progress-panel">
      <div className="stats">
        <Stat label="Status" value={trainStatus(state, pausing)} testId="train-state" />
        <Stat label="Epoch" value={progress ? `${progress.epoch} / ${progress.epochs}` : '—'} testId="epoch" />
        <Stat label="Step" value={String(progress?.step ?? 0)} testId="step-count" />
        <Stat label="Learning rate" value={progress ? progress.learningRate.toPrecision(2) : '—'} testId="current-lr" />
        <Stat label="Images/s" value={formatRate(progress?.samplesPerSecond ?? 0)} testId="samples-per-second" />
        <Stat label="Time left" value={state === 'training' ? formatDuration(progress?.etaSeconds ?? NaN) : '—'} testId="eta" />
        <Stat label="Test accuracy" value={accuracy === null ? '—' : formatPercent(accuracy)} testId="test-accuracy" />
      </div>
      <progress
        className="train-progress"
        value={fraction}
        max={1}
        aria-label={progress ? `Step ${formatCount(progress.step)} of ${formatCount(progress.totalSteps)}` : 'Not started'}
      />
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value mono" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
