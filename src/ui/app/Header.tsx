import { useInkling } from '../core/store';
import { EngineSelect } from './EngineSelect';
import { WebGpuHowTo, WHY_NO_WEBGPU } from './NoWebGpu';
import { accuracyFigure } from '../training/evaluation-slice';
import { formatPercent } from '../shared/format';
import { modelTitle } from '../shared/model-names';

/** The CPU engine on one thread because the page is not cross-origin isolated (no shared memory for threads). */
function oneThreadForWantOfIsolation(adapter: string | null): boolean {
  return adapter !== null && adapter.startsWith('CPU') && adapter.endsWith('· 1 thread') && !window.crossOriginIsolated;
}

export function Header() {
  const adapter = useInkling((s) => s.engine.adapter);
  const fallback = useInkling((s) => s.engine.fallback);
  const onCpu = useInkling((s) => s.engine.kind === 'wasm') || fallback !== null;
  const model = useInkling((s) => s.engine.model);
  const pretrained = useInkling((s) => s.engine.pretrained);
  const recorded = useInkling((s) => s.engine.recorded);
  const evaluation = useInkling((s) => s.evaluation);
  // Only a figure measured on these weights is the model's: its own test, else a quick check; a
  // file's figure stays the file's claim until then.
  const figure = accuracyFigure(evaluation, model, pretrained, recorded);
  return (
    <header className="header">
      <div className="brand">
        <h1>Inkling</h1>
        <p className="tagline">A neural network learns to read handwriting, live, on your {onCpu ? 'CPU' : 'GPU'}.</p>
      </div>
      <dl className="badges">
        <div className="badge" data-testid="engine-badge">
          <dt>{onCpu ? 'Engine' : 'GPU'}</dt>
          <dd data-testid="adapter-name">
            {adapter ?? 'connecting…'}
            {oneThreadForWantOfIsolation(adapter) && ' — serve the page cross-origin isolated for more'}
          </dd>
        </div>
        <EngineSelect />
        {model && (
          <div className="badge">
            <dt>Model</dt>
            <dd data-testid="model-name" title={`${model.layers.length} layers: ${model.layers.map((l) => l.kind).join(', ')}`}>
              <span data-testid="model-title">{modelTitle(model)}</span>
              {figure?.kind === 'test' && (
                <>
                  {' · '}
                  <span data-testid="model-accuracy" title="Its accuracy on the test digits, at its latest test">
                    {formatPercent(figure.accuracy)}
                  </span>
                </>
              )}
              {figure?.kind === 'check' && (
                <>
                  {' · '}
                  <span
                    data-testid="model-checked"
                    title="Measured on these weights when they came in, on the first test digits only; “Test now” reads all of them"
                  >
                    {formatPercent(figure.accuracy)} on a {figure.images.toLocaleString('en')}-digit check
                  </span>
                </>
              )}
            </dd>
          </div>
        )}
        {pretrained && (
          <div className="badge">
            <dt>Weights</dt>
            <dd data-testid="pretrained">
              {pretrained}
              {figure?.kind === 'recorded' && (
                <span data-testid="recorded-accuracy" title="The figure in the model's file: not measured on this page yet">
                  {' · '}
                  {formatPercent(figure.accuracy)} recorded when it was made
                </span>
              )}
            </dd>
          </div>
        )}
      </dl>
      {fallback && (
        <details className="engine-fallback" data-testid="engine-fallback">
          <summary>
            {WHY_NO_WEBGPU[fallback.reason]} Inkling runs on your CPU instead (WebAssembly): everything works, training is slower. How to use the GPU
          </summary>
          <WebGpuHowTo />
        </details>
      )}
    </header>
  );
}
