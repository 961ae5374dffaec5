import { engine } from '../core/engine-client';
import { useInkling } from '../core/store';
import { ExplainDigits } from './ExplainDigits';
import { useAnswer } from './use-answer';
import type { LayerActivation } from '../../worker/protocol';

const TOP = 9;

/** The 9 test digits that drive the chosen channel (or unit) hardest, over the 10,000; refreshed with each evaluation. */
export function TopDigits({ layers }: { layers: LayerActivation[] }) {
  const chosen = useInkling((s) => s.explain.channel);
  const evaluated = useInkling((s) => s.evaluation.latest?.step ?? null);
  const model = useInkling((s) => s.engine.model);
  const layer = chosen ? layers[chosen.layer] : undefined;
  const key = chosen && layer ? `${chosen.layer}/${chosen.channel}/${evaluated}/${JSON.stringify(model)}` : null;
  const answer = useAnswer(key, () => engine().topDigits(chosen!.layer, chosen!.channel, TOP));
  if (!chosen || !layer) return null;
  const value = answer.value?.layer === chosen.layer && answer.value.channel === chosen.channel ? answer.value : null;
  const what = layer.shape.length === 1 ? 'unit' : 'channel';
  return (
    <div className="top-digits" data-testid="top-digits" data-layer={chosen.layer} data-channel={chosen.channel}>
      <h3>
        What {layer.name} {what} {chosen.channel} looks for: the {TOP} test digits that drive it most
      </h3>
      {answer.error && <p className="error">{answer.error}</p>}
      {!value && !answer.error && <p className="hint">Reading the 10,000 test digits…</p>}
      {value && <ExplainDigits digits={value.digits} testId="top-digit" extra={(d) => `${what} value ${d.activation.toPrecision(3)}`} />}
    </div>
  );
}
