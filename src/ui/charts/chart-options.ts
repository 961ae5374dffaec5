import type uPlot from 'uplot';
import type { ChartTheme } from './UPlotChart';

export const COLORS = {
  raw: 'rgba(99, 102, 241, 0.35)',
  smooth: '#6366f1',
  accuracy: '#10b981',
  accuracyRaw: 'rgba(16, 185, 129, 0.3)',
  test: '#f59e0b',
};

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** Axes styled for the current theme: x is the optimizer step. */
export function axes(theme: ChartTheme, left: Partial<uPlot.Axis> = {}, right?: Partial<uPlot.Axis>): uPlot.Axis[] {
  const base = { stroke: theme.axis, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
  const list: uPlot.Axis[] = [
    { ...base, label: 'step' },
    { ...base, ...left },
  ];
  if (right) list.push({ ...base, side: 1, grid: { show: false }, ...right });
  return list;
}
