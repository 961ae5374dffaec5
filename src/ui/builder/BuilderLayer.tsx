import { memo } from 'react';
import type { LayerCost } from '../../model/costs';
import { LAYER_KIND_NAMES, LAYER_KINDS, type LayerKindName } from '../../model/registry';
import { editDraft } from './commands';
import { changeKind, fieldProblems, moveLayer, removeLayer, setLayerField, type DraftLayer } from './draft';
import { formatCount, formatFlops, formatShape } from '../shared/format';
import { LayerField } from './LayerField';

interface BuilderLayerProps {
  layer: DraftLayer;
  index: number;
  count: number;
  /** Its costs while the network is valid. */
  cost: LayerCost | null;
  /** The network's problem when it lies in this layer. */
  problem: string | null;
  /** Moves keyboard focus after a move, since the row's buttons change place. */
  onMoved: (key: number, direction: 'up' | 'down') => void;
  /** Moves keyboard focus off a removed row's button, which no longer exists. */
  onRemoved: (index: number) => void;
}

/** One layer: its kind (changed in place), its fields, what it costs, and the buttons that move or remove it. */
const MOVES = [
  { by: -1, dir: 'up', arrow: '↑' },
  { by: 1, dir: 'down', arrow: '↓' },
] as const;

export const BuilderLayer = memo(function BuilderLayer({ layer, index, count, cost, problem, onMoved, onRemoved }: BuilderLayerProps) {
  const kind = LAYER_KINDS[layer.raw.kind];
  const label = `layer ${index + 1} (${layer.raw.kind})`;
  const problems = fieldProblems(layer.raw);
  // A field's own problem is already named next to the field; the layer's line adds the rest (shapes).
  const layerProblem = problem && !Object.values(problems).some((p) => problem.endsWith(p)) ? problem : null;
  return (
    <li
      className={`builder-layer ${problem || Object.keys(problems).length > 0 ? 'invalid' : ''}`}
      data-testid="builder-layer"
      data-kind={layer.raw.kind}
      data-key={layer.key}
      aria-label={label}
    >
      <div className="layer-head">
        <span className="layer-index" aria-hidden="true">
          {index + 1}
        </span>
        <select
          className="layer-kind"
          value={layer.raw.kind}
          title={kind.description}
          aria-label={`Kind of layer ${index + 1}`}
          data-testid="builder-kind"
          onChange={(e) => {
            const next = e.target.value as LayerKindName;
            editDraft((d) => changeKind(d, index, next));
          }}
        >
          {LAYER_KIND_NAMES.map((k) => (
            <option key={k} value={k} title={LAYER_KINDS[k].description}>
              {k}
            </option>
          ))}
        </select>
        <span className="layer-costs mono">
          <span data-testid="builder-layer-shape" title="Output shape per image">
            → {cost ? formatShape(cost.output) : '—'}
          </span>
          <span data-testid="builder-layer-params" title="Parameters">
            {cost ? `${formatCount(cost.params)} params` : ''}
          </span>
          <span data-testid="builder-layer-flops" title="FLOPs per training image: forward and backward">
            {cost ? formatFlops(cost.trainingFlops) : ''}
          </span>
        </span>
        <span className="layer-buttons">
          {MOVES.map(({ by, dir, arrow }) => (
            <button
              key={dir}
              type="button"
              className="ghost"
              data-testid={`builder-${dir}`}
              data-move={dir}
              aria-label={`Move ${label} ${dir}`}
              disabled={index + by < 0 || index + by >= count}
              onClick={() => {
                editDraft((d) => moveLayer(d, index, by));
                onMoved(layer.key, dir);
              }}
            >
              {arrow}
            </button>
          ))}
          <button
            type="button"
            className="ghost"
            data-testid="builder-remove"
            aria-label={`Remove ${label}`}
            disabled={count === 1}
            onClick={() => {
              editDraft((d) => removeLayer(d, index));
              onRemoved(index);
            }}
          >
            ✕
          </button>
        </span>
      </div>
      {Object.keys(kind.fields).length > 0 && (
        <div className="layer-fields">
          {Object.entries(kind.fields).map(([key, field]) => (
            <LayerField
              key={key}
              name={key}
              field={field}
              value={layer.raw[key]}
              problem={problems[key]}
              layerLabel={label}
              onChange={(value) => editDraft((d) => setLayerField(d, index, key, value))}
            />
          ))}
        </div>
      )}
      {layerProblem && (
        <p className="error" data-testid="builder-layer-error">
          {layerProblem}
        </p>
      )}
    </li>
  );
});
