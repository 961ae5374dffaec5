import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useOnScreen } from '../shared/use-on-screen';
import { activationPicture, filtersPicture, saliencyPicture } from './pictures';
import { setInsideShown } from './refresh';
import { useInkling } from '../core/store';
import type { InsideView as View, LayerActivation } from '../../worker/protocol';
import { formatPercent } from '../shared/format';
import { PictureCanvas } from '../shared/PictureCanvas';
import { ChannelButtons } from '../explain/ChannelButtons';
import { TopDigits } from '../explain/TopDigits';
import { ExplainClass, GradCamFigure } from './GradCam';

function LayerRow({ layer, index }: { layer: LayerActivation; index: number }) {
  const picture = useMemo(() => activationPicture(layer.shape, layer.values), [layer]);
  const look = layer.shape.length === 1 ? 'units' : 'maps';
  return (
    <li className="inside-layer" data-testid="inside-layer" data-layer={layer.name}>
      <span className="caption">
        {layer.name} · {layer.kind} · {layer.shape.join('×')}
      </span>
      <div className={`channel-picture ${look}`}>
        <PictureCanvas picture={picture} label={`${layer.name} output, ${layer.shape.join('×')}`} className={look} />
        <ChannelButtons layer={index} name={layer.name} shape={layer.shape} />
      </div>
    </li>
  );
}

function Output({ view }: { view: View }) {
  return (
    <ul className="inside-output" aria-label="Output distribution">
      {Array.from(view.probabilities, (p, d) => (
        <li key={d} className={d === view.predicted ? 'best' : ''}>
          <span className="bar vertical">
            <span className="fill" style={{ transform: `scaleY(${p.toFixed(3)})` }} />
          </span>
          <span className="class">{d}</span>
          <span className="value mono">{formatPercent(p, 0)}</span>
        </li>
      ))}
    </ul>
  );
}

interface Shown {
  view: View;
  image: Float32Array;
}

const Contents = memo(function Contents({ view, image }: Shown) {
  const saliency = useMemo(() => saliencyPicture(view.inputShape, image, view.saliency), [view, image]);
  const filters = useMemo(() => (view.filters ? filtersPicture(view.filters.shape, view.filters.values) : null), [view]);
  return (
    <div className="inside" data-predicted={view.predicted}>
      <div className="inside-top">
        <ExplainClass view={view} />
        <figure>
          <PictureCanvas picture={saliency} label={`Saliency for ${view.explained}`} className="saliency" />
          <figcaption>Saliency for {view.explained}: more ink on red raises its score, on blue lowers it</figcaption>
        </figure>
        <GradCamFigure view={view} image={image} />
        {filters && view.filters && (
          <figure>
            <PictureCanvas picture={filters} label={`${view.filters.layer} filters`} className="filters" />
            <figcaption>{view.filters.layer}&apos;s filters</figcaption>
          </figure>
        )}
        <figure>
          <Output view={view} />
          <figcaption>Output distribution</figcaption>
        </figure>
      </div>
      <ol className="inside-layers">
        {view.layers.map((l, i) => (
          <LayerRow key={i} layer={l} index={i} />
        ))}
      </ol>
      <TopDigits layers={view.layers} />
    </div>
  );
});

/** Every layer's activations, the first filters, the saliency and Grad-CAM of the drawn digit, computed only while open and on screen. */
export function InsideView() {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const onScreen = useOnScreen(ref);
  const view = useInkling((s) => s.inside.view);
  const image = useInkling((s) => s.inside.image);
  const hasDrawing = useInkling((s) => s.drawing.preview !== null);
  const shown = useMemo<Shown | null>(() => (view && image ? { view, image } : null), [view, image]);
  // The view's pictures and its hundreds of channel buttons are rendered in a transition, which
  // React splits into slices between the page's other work: rendered with the worker's message
  // that brought them, they held the page's thread for one long task while training kept the
  // cores busy. And they stay mounted (hidden) while the pad is cleared, so the next drawing
  // updates them instead of building them all again; closing the view lets them go.
  const deferred = useDeferredValue(shown);
  // React's pattern for a value carried over from the previous render (state set while rendering, not a ref).
  const [kept, setKept] = useState<Shown | null>(null);
  const keep = open ? (deferred ?? kept) : null;
  if (keep !== kept) setKept(keep);
  const ready = shown !== null && deferred !== null;
  useEffect(() => setInsideShown(open && onScreen), [open, onScreen]);
  useEffect(() => () => setInsideShown(false), []);
  // A test digit was put on the pad to be inspected: open, and bring the view into sight.
  const requests = useInkling((s) => s.explain.insideRequests);
  useEffect(() => {
    const details = ref.current;
    if (requests === 0 || !details) return;
    details.open = true;
    details.scrollIntoView({ block: 'start' });
  }, [requests]);
  return (
    <details ref={ref} className="inside-view" data-testid="inside-view" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Inside the network</summary>
      {!ready && <p className="hint">{hasDrawing ? 'Reading…' : 'Draw a digit to see each layer at work.'}</p>}
      {keep && (
        <div hidden={!ready}>
          <Contents view={keep.view} image={keep.image} />
        </div>
      )}
    </details>
  );
}
