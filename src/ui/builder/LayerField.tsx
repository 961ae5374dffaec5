import { useEffect, useId, useState } from 'react';
import type { Field } from '../../model/fields';
import { valueFromText } from './draft';

interface LayerFieldProps {
  name: string;
  field: Field;
  value: unknown;
  problem?: string;
  /** Names the layer for a screen reader: "filters of layer 1 (conv2d)". */
  layerLabel: string;
  onChange: (value: unknown) => void;
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** One field of a layer, drawn from its declaration (src/model/fields.ts): no kind has UI code of its own. */
export function LayerField({ name, field, value, problem, layerLabel, onChange }: LayerFieldProps) {
  const id = useId();
  // Numbers are edited as text: "0." or "1e-" on the way to a number must not be rewritten.
  const [text, setText] = useState(asText(value));
  useEffect(() => {
    if (valueFromText(text) !== value) setText(asText(value));
    // Only an outside change (a reset, a link) resyncs: text typed here already reads as `value`.
  }, [value]);
  const testId = `builder-field-${name}`;
  const note = problem ?? (field.type === 'int' || field.type === 'number' ? `${field.min}–${field.max}` : undefined);
  const common = {
    id,
    'aria-label': `${field.label} of ${layerLabel}`,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': note ? `${id}-note` : undefined,
    'data-testid': testId,
  } as const;

  let control;
  switch (field.type) {
    case 'int':
    case 'number':
      control = (
        <input
          {...common}
          type="text"
          inputMode={field.type === 'int' ? 'numeric' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(valueFromText(e.target.value));
          }}
        />
      );
      break;
    case 'choice':
      control = (
        <select {...common} value={asText(value)} onChange={(e) => onChange(e.target.value)}>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'bool':
      control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
      break;
  }

  return (
    <div className={`field layer-field ${field.type === 'bool' ? 'check' : ''} ${problem ? 'invalid' : ''}`}>
      <label htmlFor={id}>{field.label}</label>
      {control}
      {note && (
        <span id={`${id}-note`} className={problem ? 'error' : 'hint'} data-testid={problem ? `${testId}-error` : undefined}>
          {note}
        </span>
      )}
    </div>
  );
}
