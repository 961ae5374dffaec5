import { useId } from 'react';

interface NumberFieldProps {
  label: string;
  value: string;
  error?: string;
  hint?: string;
  disabled?: boolean;
  testId: string;
  onChange: (value: string) => void;
}

/** A text field for a number, with the reason next to it when the value is refused. */
export function NumberField({ label, value, error, hint, disabled, testId, onChange }: NumberFieldProps) {
  const id = useId();
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-note`}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-note`} className={error ? 'error' : 'hint'} data-testid={error ? `${testId}-error` : undefined}>
        {error ?? hint}
      </span>
    </div>
  );
}
