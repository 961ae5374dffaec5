import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { LAYER_KIND_NAMES, LAYER_KINDS, type LayerKindName } from '../../model/registry';
import { copySpecLink, dismissLinkError, editDraft, restartFromPreset } from './commands';
import { addLayer, checkDraft } from './draft';
import { presetNamed, sameValue } from '../shared/model-names';
import { useInkling } from '../core/store';
import { BuilderLayer } from './BuilderLayer';
import { BuilderTotals } from './BuilderTotals';

/**
 * The network "Train from scratch" trains, layer by layer: started from the chosen preset, edited
 * in place, checked on every edit by the model's own parser and graph, and shared as a link.
 */
export function NetworkBuilder() {
  const draft = useInkling((s) => s.builder.draft);
  const linkError = useInkling((s) => s.builder.linkError);
  const linkNote = useInkling((s) => s.builder.linkNote);
  const presetName = useInkling((s) => s.settings.draft.model);
  const engineModel = useInkling((s) => s.engine.model);
  const running = useInkling((s) => s.training.progress?.state === 'training' || s.training.progress?.state === 'paused');
  const check = useMemo(() => checkDraft(draft), [draft]);
  const [addKind, setAddKind] = useState<LayerKindName>('dense');
  const [status, setStatus] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const nameId = useId();
  const addId = useId();
  const origin = presetNamed(presetName);
  const isPreset = check.ok && origin !== null && sameValue(check.spec, origin.spec);
  const pendingChange = running && check.ok && engineModel !== null && !sameValue(check.spec, engineModel);

  // After a move the row sits elsewhere: keep focus on its button (or its other one at an end) and say where it went.
  const onMoved = useCallback((key: number, direction: 'up' | 'down') => {
    requestAnimationFrame(() => {
      const rows = [...(list.current?.querySelectorAll<HTMLElement>('[data-testid="builder-layer"]') ?? [])];
      const at = rows.findIndex((r) => r.dataset.key === String(key));
      if (at < 0) return;
      const button =
        rows[at].querySelector<HTMLButtonElement>(`[data-move="${direction}"]:not(:disabled)`) ??
        rows[at].querySelector<HTMLButtonElement>('[data-move]:not(:disabled)');
      button?.focus();
      setStatus(`Moved to place ${at + 1} of ${rows.length}.`);
    });
  }, []);

  // The row that took the removed one's place (or the new last row) takes the focus.
  const onRemoved = useCallback((index: number) => {
    requestAnimationFrame(() => {
      const rows = [...(list.current?.querySelectorAll<HTMLElement>('[data-testid="builder-layer"]') ?? [])];
      const row = rows[Math.min(index, rows.length - 1)];
      row?.querySelector<HTMLButtonElement>('[data-testid="builder-remove"]:not(:disabled)')?.focus();
      setStatus(`Removed layer ${index + 1}; ${rows.length} left.`);
    });
  }, []);

  return (
    <div className="builder" data-testid="builder" role="group" aria-labelledby={`${nameId}-title`}>
      <div className="builder-head">
        <h3 id={`${nameId}-title`}>Network</h3>
        <div className="field builder-name">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={draft.name}
            data-testid="builder-name"
            onChange={(e) => {
              const name = e.target.value;
              editDraft((d) => ({ ...d, name }));
            }}
          />
        </div>
        <div className="buttons">
          <button type="button" className="secondary" data-testid="builder-reset" disabled={isPreset || !origin} onClick={restartFromPreset}>
            Start again from {origin?.label ?? 'the preset'}
          </button>
          <button type="button" className="secondary" data-testid="copy-link" disabled={!check.ok} onClick={() => void copySpecLink()}>
            Copy link
          </button>
          {linkNote && (
            <span className={linkNote.kind === 'error' ? 'error' : 'hint'} role="status" data-testid="copy-link-note">
              {linkNote.message}
            </span>
          )}
        </div>
      </div>
      {linkError && (
        <p className="error" role="alert" data-testid="builder-link-error">
          {linkError}{' '}
          <button type="button" className="ghost" onClick={dismissLinkError} aria-label="Dismiss">
            ✕
          </button>
        </p>
      )}
      <ol ref={list} className="builder-layers" aria-label="Layers, input first">
        {draft.layers.map((layer, index) => (
          <BuilderLayer
            key={layer.key}
            layer={layer}
            index={index}
            count={draft.layers.length}
            cost={(check.ok ? check.cost.layers[index] : check.costs[index]) ?? null}
            problem={!check.ok && check.layer === index ? check.message : null}
            onMoved={onMoved}
            onRemoved={onRemoved}
          />
        ))}
      </ol>
      <div className="builder-add">
        <div className="field">
          <label htmlFor={addId}>New layer</label>
          <select id={addId} value={addKind} data-testid="builder-add-kind" onChange={(e) => setAddKind(e.target.value as LayerKindName)}>
            {LAYER_KIND_NAMES.map((k) => (
              <option key={k} value={k} title={LAYER_KINDS[k].description}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="secondary"
          data-testid="builder-add"
          title="Adds it before the last layer, which gives the 10 answers"
          onClick={() => {
            editDraft((d) => addLayer(d, addKind));
            setStatus(`Added a ${addKind} layer before the last one.`);
          }}
        >
          Add layer
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {check.ok ? (
        <BuilderTotals cost={check.cost} spec={check.spec} />
      ) : (
        <p className="error" role="alert" data-testid="builder-error">
          {check.message}
        </p>
      )}
      {pendingChange && (
        <p className="hint" data-testid="builder-pending">
          The run in progress keeps its network; this one trains when you press Train from scratch.
        </p>
      )}
    </div>
  );
}
