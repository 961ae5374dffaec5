import { useInkling } from '../core/store';
import { testedAccuracy } from '../training/evaluation-slice';
import { formatPercent } from '../shared/format';
import { modelTitle } from '../shared/model-names';

export function Header() {
  const adapter = useInkling((s) => s.engine.adapter);
  const model = useInkling((s) => s.engine.model);
  const pretrained = useInkling((s) => s.engine.pretrained);
  // Only this model's own test: after a switch or an import the badge waits for the next one.
  const accuracy = useInkling((s) => testedAccuracy(s.evaluation, s.engine.model));
  return (
    <header className="header">
      <div className="brand">
        <h1>Inkling</h1>
        <p className="tagline">A neural network learns to read handwriting, live, on your GPU.</p>
      </div>
      <dl className="badges">
        <div className="badge">
          <dt>GPU</dt>
          <dd data-testid="adapter-name">{adapter ?? 'connecting…'}</dd>
        </div>
        {model && (
          <div className="badge">
            <dt>Model</dt>
            <dd data-testid="model-name" title={`${model.layers.length} layers: ${model.layers.map((l) => l.kind).join(', ')}`}>
              {modelTitle(model)}
              {accuracy !== null && (
                <>
                  {' · '}
                  <span data-testid="model-accuracy" title="Its accuracy on the test digits, at its latest test">
                    {formatPercent(accuracy)}
                  </span>
                </>
              )}
            </dd>
          </div>
        )}
        {pretrained && (
          <div className="badge">
            <dt>Weights</dt>
            <dd data-testid="pretrained">{pretrained}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}
