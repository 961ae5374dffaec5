import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useColorScheme } from '../shared/use-color-scheme';
import { onContextRestored } from '../shared/context-restored';

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

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const { options: makeOptions, source: connect, height: chartHeight } = initial.current;
    // Built and drawn only once on screen, and drawn only while there: a chart costs the page's
    // thread nothing while the page opens and the first drawings are read, nor off screen later.
    let plot: uPlot | null = null;
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
      resize = new ResizeObserver(() => {
        const width = Math.max(100, element.clientWidth);
        if (width !== built.width) built.setSize({ width, height: chartHeight });
      });
      resize.observe(element);
      stopRepaint = onContextRestored(built.ctx.canvas, () => built.redraw(false));
      return built;
    };
    const intersection = new IntersectionObserver(([entry]) => {
      onScreen = entry.isIntersecting;
      if (!onScreen) return;
      if (!plot) plot = build();
      else if (latest) plot.setData(latest);
      latest = null;
    });
    intersection.observe(element);
    return () => {
      stopRepaint();
      resize?.disconnect();
      intersection.disconnect();
      unsubscribe();
      plot?.destroy();
    };
  }, [scheme]);

  // Its height held before the chart is built, so the page below does not move when it is.
  return <div ref={container} className="chart" role="img" aria-label={label} data-testid={testId} style={{ minHeight: height }} />;
}
