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
    const opts = makeOptions(readTheme(element));
    const empty: uPlot.AlignedData = opts.series.map(() => []) as unknown as uPlot.AlignedData;
    const plot = new uPlot({ ...opts, width: Math.max(100, element.clientWidth), height: chartHeight }, empty, element);
    // Drawing costs main-thread time: a chart off screen keeps only the latest data until it shows.
    let visible = true;
    let hidden: uPlot.AlignedData | null = null;
    const unsubscribe = connect((data) => {
      if (visible) plot.setData(data);
      else hidden = data;
    });
    const intersection = new IntersectionObserver(([entry]) => {
      visible = entry.isIntersecting;
      if (visible && hidden) {
        plot.setData(hidden);
        hidden = null;
      }
    });
    intersection.observe(element);
    const resize = new ResizeObserver(() => {
      const width = Math.max(100, element.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: chartHeight });
    });
    resize.observe(element);
    const stopRepaint = onContextRestored(plot.ctx.canvas, () => plot.redraw(false));
    return () => {
      stopRepaint();
      resize.disconnect();
      intersection.disconnect();
      unsubscribe();
      plot.destroy();
    };
  }, [scheme]);

  return <div ref={container} className="chart" role="img" aria-label={label} data-testid={testId} />;
}
