import { useState } from 'react';
import { formatPercent, formatWhen } from '../shared/format';
import { deleteSavedModel, openSavedModel, renameSavedModel, saveCurrentModel } from './commands';
import { useInkling } from '../core/store';
import type { SavedModel } from '../../worker/protocol';

/** The models kept in this browser: save the one in use, open, rename or delete one. */
export function SavedModels() {
  const models = useInkling((s) => s.persistence.models);
  const error = useInkling((s) => s.persistence.modelsError);
  const ready = useInkling((s) => s.engine.phase === 'ready' && !s.training.pending);
  const [name, setName] = useState('');
  return (
    <div className="saved-models" data-testid="saved-models">
      <form
        className="save-row"
        onSubmit={(e) => {
          e.preventDefault();
          void saveCurrentModel(name).then((ok) => ok && setName(''));
        }}
      >
        <input
          type="text"
          value={name}
          placeholder="Name (optional)"
          aria-label="Name of the model to save"
          data-testid="model-save-name"
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!ready} data-testid="model-save">
          Save model
        </button>
      </form>
      {error && (
        <p className="error" role="alert" data-testid="saved-models-error">
          {error}
        </p>
      )}
      {models.length === 0 ? (
        <p className="empty">No saved models yet.</p>
      ) : (
        <ul className="model-list">
          {models.map((m) => (
            <SavedModelRow key={m.id} model={m} disabled={!ready} />
          ))}
        </ul>
      )}
    </div>
  );
}

function SavedModelRow({ model, disabled }: { model: SavedModel; disabled: boolean }) {
  // The name being typed while renaming; null when not renaming.
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <li data-testid="saved-model" data-id={model.id}>
      <div className="model-line">
        {editing === null ? (
          <strong data-testid="saved-model-name">{model.name}</strong>
        ) : (
          <form
            className="rename"
            onSubmit={(e) => {
              e.preventDefault();
              void renameSavedModel(model.id, editing).then((ok) => ok && setEditing(null));
            }}
          >
            <input
              type="text"
              value={editing}
              aria-label="New name"
              data-testid="saved-model-name-input"
              autoFocus
              onChange={(e) => setEditing(e.target.value)}
            />
            <button type="submit" className="secondary" data-testid="saved-model-rename-ok">
              Rename
            </button>
            <button type="button" className="ghost" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        )}
        <span className="mono" data-testid="saved-model-accuracy" title="Test accuracy when it was saved">
          {model.accuracy === null ? 'untested' : formatPercent(model.accuracy)}
        </span>
        <time className="hint" dateTime={new Date(model.savedAt).toISOString()} data-testid="saved-model-date">
          {formatWhen(model.savedAt)}
        </time>
      </div>
      <p className="hint" data-testid="saved-model-summary">
        {model.summary} · {model.steps.toLocaleString('en-US')} steps
      </p>
      <div className="buttons">
        <button type="button" className="secondary" disabled={disabled} data-testid="saved-model-open" onClick={() => void openSavedModel(model.id)}>
          Open
        </button>
        <button
          type="button"
          className="secondary"
          disabled={disabled || editing !== null}
          data-testid="saved-model-rename"
          onClick={() => setEditing(model.name)}
        >
          Rename
        </button>
        <button type="button" className="secondary" disabled={disabled} data-testid="saved-model-delete" onClick={() => void deleteSavedModel(model.id)}>
          Delete
        </button>
      </div>
    </li>
  );
}
