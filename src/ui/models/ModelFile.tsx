import { exportModel, importModel } from './commands';
import { useInkling } from '../core/store';
import { FileButton } from '../shared/FileButton';

/** Export the current weights as one file, or load a file saved earlier (or by `npm run train -- --save`). */
export function ModelFile() {
  const ready = useInkling((s) => s.engine.phase === 'ready');
  const pending = useInkling((s) => s.training.pending);
  const importError = useInkling((s) => s.settings.importError);
  return (
    <div className="model-file">
      <div className="buttons">
        <button type="button" className="secondary" data-testid="model-export" disabled={!ready || pending} onClick={() => void exportModel()}>
          Export model
        </button>
        <FileButton
          accept=".safetensors,.json,application/octet-stream,application/json"
          disabled={!ready || pending}
          testId="model-import"
          onFile={(file) => void importModel(file)}
        >
          Import model…
        </FileButton>
      </div>
      {importError && (
        <p className="error" role="alert" data-testid="model-import-error">
          {importError}
        </p>
      )}
    </div>
  );
}
