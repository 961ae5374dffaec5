import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useInkling } from '../core/store';
import type { Histogram, HistogramRidge } from '../../worker/protocol';
import { drawRidges, valueRange, type Frame, type RidgeColours } from './ridge-picture';

/** The canvases' own pixels, whatever their size on the page: a fixed size asks for no layout. */
const FRAME: Frame = { width: 320, height: 150, peak: 36, left: 0, top: 38 };
const dark = () => window.matchMedia('(prefers-color-scheme: dark)').matches;
const COLOURS = (): RidgeColours =>
  dark()
    ? { line: '#dfe3ee', old: [40, 48, 70], recent: [78, 121, 167], background: '#161922' }
    : { line: '#1c1f2b', old: [226, 232, 244], recent: [78, 121, 167], background: '#ffffff' };

const figure = (v: number) => (Math.abs(v) >= 1e-2 && Math.abs(v) < 1e3 ? v.toPrecision(3) : v.toExponential(1));

/** One layer's rows of a run's ridges: its name, and for each ridge its weights, gradients and update ratio. */
interface LayerRows {
  layer: number;
  name: string;
  steps: number[];
  weights: Histogram[];
  gradients: Histogram[];
  ratio: { value: number; since: number; step: number } | null;
}

function byLayer(ridges: readonly HistogramRidge[]): LayerRows[] {
  const rows = new Map<number, LayerRows>();
  for (const r of ridges) {
    for (const l of r.layers) {
      let row = rows.get(l.layer);
      if (!row || row.name !== l.name) rows.set(l.layer, (row = { layer: l.layer, name: l.name, steps: [], weights: [], gradients: [], ratio: null }));
      row.steps.push(r.step);
      row.weights.push(l.weights);
      row.gradients.push(l.gradients);
      if (l.updateRatio !== null && r.sinceStep !== null) row.ratio = { value: l.updateRatio, since: r.sinceStep, step: r.step };
    }
  }
  return [...rows.values()].sort((a, b) => a.layer - b.layer);
}

/** Per layer with weights, how its weights and gradients moved over the run; open, it draws the ridges kept with the run. */
export function LayerHistograms() {
  const [open, setOpen] = useState(false);
  return (
    <details className="layer-histograms" data-testid="layer-histograms-section" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Weights and gradients over the run</summary>
      {open && <Ridges />}
    </details>
  );
}

function Ridges() {
  const ridges = useInkling((s) => s.evaluation.ridges);
  // An evaluation's ridge is drawn after the page's urgent work (the chart, a drawing's answer).
  const shown = useDeferredValue(ridges);
  const rows = useMemo(() => byLayer(shown), [shown]);
  if (rows.length === 0) return <p className="hint">Each test during training adds a ridge here: train for an epoch to see the first.</p>;
  return (
    <>
      <p className="hint">
        One ridge per test during training, the first at the top, each later one lower down; each over its own range of values, placed on the run&apos;s. The
        ratio ‖Δw‖/‖w‖ is how far the layer&apos;s weights moved since the previous test, relative to their size: about 10⁻³ per step is the usual healthy pace;
        much less and the layer barely learns, much more and it may be unstable.
      </p>
      <div className="layer-histogram-list" data-testid="layer-histograms" data-ridges={shown.length}>
        {rows.map((row) => (
          <LayerFigure key={`${row.layer}:${row.name}`} row={row} />
        ))}
      </div>
    </>
  );
}

const LayerFigure = memo(function LayerFigure({ row }: { row: LayerRows }) {
  const { ratio } = row;
  const steps = ratio ? ratio.step - ratio.since : 0;
  // The steps' moves add up to at most the sum of their sizes: the interval's ratio over its steps bounds the mean step's from below.
  return (
    <figure className="layer-histogram" data-testid="layer-histogram" data-layer={row.name} data-ridges={row.steps.length}>
      <figcaption>
        <strong>{row.name}</strong>{' '}
        <span className="hint">
          steps {row.steps[0].toLocaleString('en')}–{row.steps.at(-1)!.toLocaleString('en')}
        </span>
        <span className="layer-ratio" data-testid="update-ratio">
          {ratio
            ? `‖Δw‖/‖w‖ = ${figure(ratio.value)} over the ${steps.toLocaleString('en')} steps since step ${ratio.since.toLocaleString('en')} (≥ ${figure(ratio.value / Math.max(1, steps))} a step on average)`
            : '‖Δw‖/‖w‖ after the next test'}
        </span>
      </figcaption>
      <RidgeCanvas title="weights" histograms={row.weights} />
      <RidgeCanvas title="gradients" histograms={row.gradients} />
    </figure>
  );
});

function RidgeCanvas({ title, histograms }: { title: string; histograms: Histogram[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) drawRidges(ctx, histograms, FRAME, COLOURS());
  }, [histograms]);
  const { min, max } = valueRange(histograms);
  return (
    <div className="ridge">
      <span className="ridge-title">{title}</span>
      <canvas ref={canvas} width={FRAME.width} height={FRAME.height} className="ridge-canvas" role="img" aria-label={`${title}, ${histograms.length} ridges`} />
      <span className="ridge-axis">
        <span>{figure(min)}</span>
        <span>{figure(max)}</span>
      </span>
    </div>
  );
}
