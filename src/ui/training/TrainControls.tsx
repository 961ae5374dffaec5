import { useMemo } from 'react';
import { choosePreset } from '../builder/commands';
import { checkDraft } from '../builder/draft';
import { commitLearningRate, evaluateNow, resetTraining, setDraftField, startTraining, togglePause } from './commands';
import { useInkling } from '../core/store';
import {
  AUGMENT_MODE_NAMES,
  AUGMENT_MODES,
  LIMITS,
  OPTIMIZER_NAMES,
  SCHEDULE_NAMES,
  type AugmentMode,
  type OptimizerName,
  type ScheduleName,
} from '../../model/config';
import { PRESETS } from '../../model/presets';
import { formatCount } from '../shared/format';
import { presetNamed, sameValue } from '../shared/model-names';
import { NetworkBuilder } from '../builder/NetworkBuilder';
import { useNetworkMemory } from '../builder/use-network-memory';
import { NumberField } from '../shared/NumberField';
import { SelectField } from '../shared/SelectField';

const MODELS = PRESETS.map((p) => ({ value: p.spec.name, label: p.label, hint: p.hint }));

// Records over the engine's names: a name added there without a label here does not compile.
const OPTIMIZER_LABELS: Record<OptimizerName, string> = { adam: 'Adam', sgd: 'SGD with momentum' };
const OPTIMIZERS = OPTIMIZER_NAMES.map((value) => ({ value, label: OPTIMIZER_LABELS[value] }));

const SCHEDULE_LABELS: Record<ScheduleName, string> = { constant: 'Constant', cosine: 'Cosine', anneal: 'Anneal', onecycle: 'One-cycle' };
const SCHEDULES = SCHEDULE_NAMES.map((value) => ({ value, label: SCHEDULE_LABELS[value] }));

const AUGMENT_LABELS: Record<AugmentMode, string> = {
  off: 'Off',
  shift: 'Shifts of ±2 px',
  warp: `Shifts, turns of ±${AUGMENT_MODES.warp.rotate}°, scaling by ±${AUGMENT_MODES.warp.zoom * 100}%`,
};
const AUGMENTS = AUGMENT_MODE_NAMES.map((value) => ({ value, label: AUGMENT_LABELS[value] }));

export function TrainControls() {
  const phase = useInkling((s) => s.engine.phase);
  const draft = useInkling((s) => s.settings.draft);
  const errors = useInkling((s) => s.settings.errors);
  const configError = useInkling((s) => s.settings.configError);
  const state = useInkling((s) => s.training.progress?.state ?? 'idle');
  // A boolean, not the step: the form need not re-render on every progress event.
  const started = useInkling((s) => (s.training.progress?.step ?? 0) > 0);
  const pending = useInkling((s) => s.training.pending);
  const pausing = useInkling((s) => s.training.pausing);
  const trainSize = useInkling((s) => s.engine.trainSize);
  const network = useInkling((s) => s.builder.draft);
  const check = useMemo(() => checkDraft(network), [network]);
  const { problem: memoryProblem } = useNetworkMemory(check.ok ? check.spec : null);
  const refusal = check.ok ? memoryProblem : check.message;

  const ready = phase === 'ready' && !pending;
  const running = state === 'training' || state === 'paused';
  const model = presetNamed(draft.model);
  // The preset's own hint while the builder holds it; once edited (or loaded from a file or a link) the network is the user's.
  const isPreset = check.ok && model !== null && sameValue(check.spec, model.spec);
  const modelHint = isPreset ? model?.hint : `Your own network, “${network.name}”, below; Start again goes back to the ${model?.label ?? draft.model}.`;

  return (
    <form className="controls" onSubmit={(e) => e.preventDefault()} noValidate>
      <div className="fields">
        {/* Open during a run too: a preset only starts the builder, and the run keeps its network. */}
        <SelectField label="Model" value={draft.model} options={MODELS} hint={modelHint} testId="model-select" onChange={choosePreset} />
        <SelectField
          label="Optimizer"
          value={draft.optimizer}
          options={OPTIMIZERS}
          disabled={running}
          testId="optimizer-select"
          onChange={(v) => setDraftField('optimizer', v)}
        />
        <NumberField
          label="Learning rate"
          value={draft.learningRate}
          error={errors.learningRate}
          hint="Step size; can change while training."
          testId="learning-rate"
          onChange={(v) => {
            setDraftField('learningRate', v);
            void commitLearningRate();
          }}
        />
        <SelectField
          label="Schedule"
          value={draft.schedule}
          options={SCHEDULES}
          hint="Anneal: hold, then fall to 0 over the last quarter. Cosine: fall all along."
          disabled={running}
          testId="schedule-select"
          onChange={(v) => setDraftField('schedule', v)}
        />
        <NumberField
          label="Batch size"
          value={draft.batchSize}
          error={errors.batchSize}
          hint={`Images per step (${LIMITS.batchSize.min}–${LIMITS.batchSize.max}).`}
          disabled={running}
          testId="batch-size"
          onChange={(v) => setDraftField('batchSize', v)}
        />
        <NumberField
          label="Epochs"
          value={draft.epochs}
          error={errors.epochs}
          hint={`Passes over the ${trainSize > 0 ? `${formatCount(trainSize)} ` : ''}training images (${LIMITS.epochs.min}–${LIMITS.epochs.max}).`}
          disabled={running}
          testId="epochs"
          onChange={(v) => setDraftField('epochs', v)}
        />
        <SelectField
          label="Augmentation"
          value={draft.augment}
          options={AUGMENTS}
          hint="Moves (and can turn and scale) each training digit a little, so the model sees new images every epoch."
          disabled={running}
          testId="augment-select"
          onChange={(v) => setDraftField('augment', v)}
        />
      </div>
      <NetworkBuilder />
      {configError && (
        <p className="error" role="alert" data-testid="config-error">
          {configError}
        </p>
      )}
      <div className="buttons">
        <button
          type="button"
          data-testid="train-start"
          disabled={!ready || state === 'training' || refusal !== null}
          title={refusal === null ? undefined : `Refused until the network is valid: ${refusal}`}
          onClick={() => void startTraining()}
        >
          Train from scratch
        </button>
        <button type="button" className="secondary" data-testid="train-pause" disabled={!ready || !running} onClick={() => void togglePause()}>
          {state === 'paused' ? 'Resume' : pausing ? 'Pausing…' : 'Pause'}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="train-reset"
          disabled={!ready || (!running && !started && state !== 'done' && state !== 'failed')}
          onClick={() => void resetTraining()}
        >
          Reset
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="train-evaluate"
          title="Measure the model on the 10 000 test digits now (also while it trains)"
          disabled={!ready}
          onClick={() => void evaluateNow()}
        >
          Test now
        </button>
      </div>
    </form>
  );
}
