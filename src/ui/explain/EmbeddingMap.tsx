import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { EmbeddingMap as Map, EmbeddingMethod, EmbeddingPlace } from '../../worker/protocol';
import { DigitCanvas } from '../shared/DigitCanvas';
import { useOnScreen } from '../shared/use-on-screen';
import { drawMap, LABEL_COLOURS, pointAt } from './embedding-picture';
import { MAP_DIGITS, useEmbedding } from './use-embedding';

const PIXELS = 784;
/** How near the pointer must be to a dot to show its digit, in CSS pixels. */
const REACH = 8;
/**
 * The canvas's own pixels, whatever its size on the page (CSS scales it): a fixed size asks the
 * page for no layout when the map is drawn.
 */
const SIDE = 640;
const dark = () => window.matchMedia('(prefers-color-scheme: dark)').matches;

const METHODS: Record<EmbeddingMethod, string> = {
  pca: 'PCA: the two directions in which the digits differ most; made at once',
  umap: 'UMAP: keeps neighbours together and clusters apart; takes seconds, longer on a slow machine',
};

/** The first test digits as the network sees them, laid out in 2D; open, it refreshes with each evaluation. */
export function EmbeddingMap() {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const onScreen = useOnScreen(ref);
  const [method, setMethod] = useState<EmbeddingMethod>('pca');
  const { answer, place } = useEmbedding(open && onScreen, method);
  const map = answer.value;
  return (
    <details ref={ref} className="embedding" data-testid="embedding-section" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Map of the test digits</summary>
      <p className="hint">
        The first {MAP_DIGITS.toLocaleString('en')} test digits, each a dot where the network&apos;s last layer reads it
        {map ? ` (${map.source}, ${map.width} values)` : ''}, projected to 2D and coloured by its true label. Digits the network tells apart lie apart. Your
        drawing is the ringed cross.
      </p>
      <label className="embedding-method">
        Projection{' '}
        <select value={method} onChange={(e) => setMethod(e.currentTarget.value as EmbeddingMethod)} data-testid="embedding-method">
          <option value="pca">PCA</option>
          <option value="umap">UMAP</option>
        </select>{' '}
        <span className="hint">{METHODS[method]}</span>
      </label>
      {answer.error && <p className="error">{answer.error}</p>}
      {answer.busy && <p className="hint">{map ? 'Updating the map…' : 'Reading the test digits…'}</p>}
      {map && <MapView map={map} place={place} />}
    </details>
  );
}

function MapView({ map, place }: { map: Map; place: EmbeddingPlace | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hovered, setHovered] = useState(-1);
  const marked = place && place.step === map.step ? place : null;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    drawMap(ctx, SIDE, { places: map.places, labels: map.labels, marked, hovered: hovered < map.count ? hovered : -1 }, dark() ? '#f5f6fa' : '#1c1f2b');
  }, [map, marked, hovered]);
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    setHovered(pointAt(map.places, rect.width, e.clientX - rect.left, e.clientY - rect.top, REACH));
  };
  const shown = hovered >= 0 && hovered < map.count ? hovered : -1;
  return (
    <div className="embedding-body">
      <canvas
        ref={canvas}
        width={SIDE}
        height={SIDE}
        className="embedding-canvas"
        data-testid="embedding-map"
        data-points={map.count}
        data-method={map.method}
        data-step={map.step}
        data-marked={marked ? '1' : '0'}
        role="img"
        aria-label={`${map.count} test digits projected by ${map.method.toUpperCase()}, coloured by label${marked ? `; your drawing, read as ${marked.predicted}, is marked` : ''}`}
        onPointerMove={onMove}
        onPointerLeave={() => setHovered(-1)}
      />
      <div className="embedding-side">
        <ul className="embedding-legend" aria-label="Colours by true label">
          {LABEL_COLOURS.map((colour, label) => (
            <li key={label}>
              <span className="swatch" style={{ background: colour }} />
              {label}
            </li>
          ))}
        </ul>
        <p className="hint">
          {map.method === 'pca' ? 'PCA' : 'UMAP'} of step {map.step.toLocaleString('en')}.{marked && ` Your drawing is read as ${marked.predicted}.`}
        </p>
        {shown >= 0 ? <Hovered map={map} index={shown} /> : <p className="hint">Point at a dot to see its digit.</p>}
      </div>
    </div>
  );
}

function Hovered({ map, index }: { map: Map; index: number }) {
  const [label, predicted] = [map.labels[index], map.predicted[index]];
  const text = `Test image ${index}: a ${label}, read as ${predicted}`;
  return (
    <figure className={`embedding-hover ${label === predicted ? 'right' : 'wrong'}`} data-testid="embedding-hover" data-index={index}>
      <DigitCanvas pixels={map.pixels.subarray(index * PIXELS, (index + 1) * PIXELS)} label={text} className="digit" />
      <figcaption className="mono">{text}</figcaption>
    </figure>
  );
}
