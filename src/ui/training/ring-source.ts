import type uPlot from 'uplot';
import { metricsRing, type MetricsView } from '../core/metrics-ring';
import type { ChartSource } from '../charts/UPlotChart';

// Redraws a few times a second at most: smooth to watch, and cheap for the main thread.
const REDRAW_MS = 250;

export function ringSource(pick: (view: MetricsView) => uPlot.AlignedData): ChartSource {
  return (push) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const redraw = () => {
      timer = null;
      push(pick(metricsRing.view()));
    };
    redraw();
    const unsubscribe = metricsRing.subscribe(() => {
      timer ??= setTimeout(redraw, REDRAW_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  };
}
