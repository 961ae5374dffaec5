// Grad-CAM beside the saliency, and the choices both follow: the class explained (the predicted
// one unless the user picks another digit) and the layer Grad-CAM reads. A choice goes to the
// engine through the inside view's own scheduler (refresh.ts); only the 28×28 picture is made here.
import { useMemo } from 'react';
import { gradCamPicture } from './pictures';
import { chooseExplained } from './refresh';
import { useInkling } from '../core/store';
import type { InsideView } from '../../worker/protocol';
import { PictureCanvas } from '../shared/PictureCanvas';
import { SelectField } from '../shared/SelectField';

const PREDICTED = 'predicted';

/** Which class the saliency and Grad-CAM explain. */
export function ExplainClass({ view }: { view: InsideView }) {
  const target = useInkling((s) => s.inside.choice.target);
  const options = [
    { value: PREDICTED, label: `the prediction (${view.predicted})` },
    ...Array.from(view.probabilities, (_, d) => ({ value: String(d), label: `digit ${d}` })),
  ];
  return (
    <SelectField
      label="Explain"
      value={target === null ? PREDICTED : String(target)}
      options={options}
      testId="explain-class"
      onChange={(v) => chooseExplained({ target: v === PREDICTED ? null : Number(v) })}
    />
  );
}

export function GradCamFigure({ view, image }: { view: InsideView; image: Float32Array }) {
  const cam = view.gradCam;
  const picture = useMemo(() => (cam ? gradCamPicture(view.inputShape, image, cam.shape, cam.map) : null), [view, image, cam]);
  if (!cam || !picture)
    return (
      <p className="gradcam-absent" data-testid="gradcam-absent">
        {view.noGradCam}
      </p>
    );
  const label = `Grad-CAM for ${view.explained} at ${cam.name}`;
  return (
    <figure data-testid="gradcam" data-explained={view.explained} data-layer={cam.name}>
      <PictureCanvas picture={picture} label={label} className="saliency" />
      <figcaption>
        {label} ({cam.shape.join('×')}): where its maps raise the score
      </figcaption>
      {view.gradCamLayers.length > 1 && (
        <SelectField
          label="Layer"
          value={String(cam.layer)}
          options={view.gradCamLayers.map((i) => ({ value: String(i), label: view.layers[i].name }))}
          testId="gradcam-layer"
          onChange={(v) => chooseExplained({ layer: Number(v) })}
        />
      )}
    </figure>
  );
}
