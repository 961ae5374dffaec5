import { useInkling } from '../core/store';
import { DigitCanvas } from '../shared/DigitCanvas';

/** The drawing as the network receives it: cropped, scaled to 20×20 and centred in 28×28. */
export function ModelView() {
  const preview = useInkling((s) => s.drawing.preview);
  return (
    <figure className="model-view">
      <DigitCanvas pixels={preview} label="What the model sees" className="large" />
      <figcaption>What the model sees (28×28)</figcaption>
    </figure>
  );
}
