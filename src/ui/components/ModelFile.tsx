import { useRef } from 'react';
import { exportModel, importModel } from '../commands';
import { useInkling } from '../store/store';

/** Export the current weights as one file, or load a file saved earlier (or by `npm run train -- --save`). */
export function ModelFile() {
  const ready = useInkling((s) => s.engine.phase === 'ready');
  const pending = useInkling((s) => s.training.pending);
  const importError = useInkling((s) => s.settings.importError);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="model-file">
      <div className="buttons">
        <button type="button" className="secondary" data-testid="model-export" disabled={!ready || pending} onClick={() => void exportModel()}>
          Export model
        </button>
        <button type="button" className="secondary" disabled={!ready || pending} onClick={() => input.current?.click()}>
          Import model…
        </button>
        <input
          ref={input}
          type="file"
          accept=".safetensors,.json,application/octet-stream,application/json"
          hidden
          data-testid="model-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importModel(file);
          }}
        />
      </div>
      {importError && (
        <p className="error" role="alert" data-testid="model-import-error">
          {importError}
        </p>
      )}
    </div>
  );
}
