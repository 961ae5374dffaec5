import { exportModel, importModel } from './commands';
import { exportOnnx, exportPytorchProject } from './export-formats';
import { useInkling } from '../core/store';
import { FileButton } from '../shared/FileButton';

/** Export the current weights as one file (or as a PyTorch project or ONNX), or load a file saved earlier (or by `npm run train -- --save`). */
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
        <button
          type="button"
          className="secondary"
          data-testid="model-export-pytorch"
          title="A PyTorch project (.zip): model.py, train.py for one GPU or many (torchrun), this model and its recipe"
          disabled={!ready || pending}
          onClick={() => void exportPytorchProject()}
        >
          PyTorch project
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="model-export-onnx"
          title="ONNX (opset 13) for ONNX Runtime: image [N, 1, 28, 28] in, logits and probabilities out"
          disabled={!ready || pending}
          onClick={() => void exportOnnx()}
        >
          ONNX
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
