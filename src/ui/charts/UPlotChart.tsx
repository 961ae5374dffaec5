import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useColorScheme } from '../shared/use-color-scheme';
import { onContextRestored } from '../shared/context-restored';
import { whenIdle } from '../shared/when-idle';
import { useInkling } from '../core/store';

export interface ChartTheme {
  axis: string;
  grid: string;
}

/** Hands the chart new data whenever its source changes; returns the unsubscribe function. */
export type ChartSource = (push: (data: uPlot.AlignedData) => void) => () => void;

interface UPlotChartProps {
  label: string;
  height?: number;
  /** Built once, when the chart is created. */
  options: (theme: ChartTheme) => Omit<uPlot.Options, 'width' | 'height'>;
  source: ChartSource;
  testId?: string;
}

/** The legend's one line under the plot (its font size in training.css, and uPlot's padding). */
const LEGEND_LINE = '1.8rem';

function readTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  return {
    axis: style.getPropertyValue('--muted').trim() || '#888',
    grid: style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.15)',
  };
}

/**
 * A uPlot chart that owns its canvas: data flows from `source` straight into uPlot, so a stream
 * of points never goes through React. It follows its container's width.
 */
export function UPlotChart({ label, height = 200, options, source, testId }: UPlotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  // Creation-time inputs: the chart is built once per mount (and theme), not on every render.
  const initial = useRef({ options, source, height });
  // Canvas colours come from the theme when the chart is built: a new theme builds it anew.
  const scheme = useColorScheme();
  // Builds the chart now if it is not built yet: set by the effect that owns the chart.
  const buildNow = useRef<() => void>(() => undefined);
  // Building a chart (uPlot's DOM, its first drawing, the page's layout around it) costs the page's
  // thread more than anything else the page does right after the draw pad shows, while the first
  // drawing waits to be read. So a chart is built when it first comes on screen, or in a quiet
  // moment once the engine is ready (the page's start is over), whichever comes first: built
  // before it is scrolled to, it moves nothing on the page then.
  const started = useInkling((s) => s.engine.phase === 'ready');

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const { options: makeOptions, source: connect, height: chartHeight } = initial.current;
    let plot: uPlot | null = null;
    // Drawing costs main-thread time: a chart off screen keeps only the latest data until it shows.
    let onScreen = false;
    let latest: uPlot.AlignedData | null = null;
    let resize: ResizeObserver | null = null;
    let stopRepaint: () => void = () => undefined;
    const unsubscribe = connect((data) => {
      if (plot && onScreen) plot.setData(data);
      else latest = data;
    });
    const build = (): uPlot => {
      const opts = makeOptions(readTheme(element));
      const empty = opts.series.map(() => []) as unknown as uPlot.AlignedData;
      const built = new uPlot({ ...opts, width: Math.max(100, element.clientWidth), height: chartHeight }, latest ?? empty, element);
      latest = null;
      resize = new ResizeObserver(() => {
        const width = Math.max(100, element.clientWidth);
        if (width !== built.width) built.setSize({ width, height: chartHeight });
      });
      resize.observe(element);
      stopRepaint = onContextRestored(built.ctx.canvas, () => built.redraw(false));
      return built;
    };
    buildNow.current = () => {
      plot ??= build();
    };
    const intersection = new IntersectionObserver((entries) => {
      // Entries come in order: the last says where the chart is now.
      onScreen = entries[entries.length - 1].isIntersecting;
      if (!onScreen) return;
      if (!plot) plot = build();
      else if (latest) {
        plot.setData(latest);
        latest = null;
      }
    });
    intersection.observe(element);
    return () => {
      buildNow.current = () => undefined;
      stopRepaint();
      resize?.disconnect();
      intersection.disconnect();
      unsubscribe();
      plot?.destroy();
    };
  }, [scheme]);

  useEffect(() => (started ? whenIdle(() => buildNow.current()) : undefined), [started, scheme]);

  // Its height (the plot and a line of legend) held before the chart is built, so that nothing
  // below it moves when it is.
  return (
    <div ref={container} className="chart" role="img" aria-label={label} data-testid={testId} style={{ minHeight: `calc(${height}px + ${LEGEND_LINE})` }} />
  );
}
